package io.htcengine.examples.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.htcengine.api.SessionState;
import io.htcengine.api.SessionSummary;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one replay of a workflow measured ({@link WorkflowRunner#run}).
 *
 * @param workflow       the workflow's name
 * @param source         where it was read from
 * @param tasks          its tasks
 * @param edges          its dependencies
 * @param workers        engine worker threads
 * @param msPerSecond    milliseconds slept per recorded second
 * @param session        how the session ended
 * @param runs           the tasks that ran to the end, by start time
 * @param makespanMs     from the start of the run (the graph's submission) to the end of the last task
 * @param criticalPathMs the longest path through the DAG by scaled runtime: a lower bound of the makespan
 * @param workMs         the scaled runtimes added up; divided by the workers, the other lower bound
 * @param problems       tasks that did not run to the end, or started before a parent ended; empty when all is well
 */
public record WorkflowRunReport(String workflow, String source, int tasks, int edges, int workers, double msPerSecond,
                                SessionSummary session, List<TaskRun> runs, double makespanMs, double criticalPathMs,
                                double workMs, List<String> problems) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public WorkflowRunReport {
        runs = List.copyOf(runs);
        problems = List.copyOf(problems);
    }

    /** @return whether the session completed and every task started only after all its parents ended. */
    public boolean orderOk() {
        return session.state() == SessionState.COMPLETED && runs.size() == tasks && problems.isEmpty();
    }

    /** @return whether the makespan is at least the critical path, as it must be. */
    public boolean makespanCoversCriticalPath() {
        return makespanMs >= criticalPathMs;
    }

    /**
     * @return for each task with parents, how long after its last parent ended it started, in nanoseconds, sorted:
     * the engine's reaction (completion seen, child released, dispatched, picked up), plus any wait for a free
     * worker when all are busy
     */
    public long[] readyToStartNs() {
        Map<String, Long> endNs = new HashMap<>();
        runs.forEach(run -> endNs.put(run.id(), run.endNs()));
        return runs.stream().filter(run -> !run.parents().isEmpty() && endNs.keySet().containsAll(run.parents()))
            .mapToLong(run -> run.startNs() - run.parents().stream().mapToLong(endNs::get).max().orElseThrow())
            .sorted().toArray();
    }

    /** @return one JSON object on one line: tasks, edges, makespan_ms, critical_path_ms, workers, order_ok. */
    public String toJson() {
        ObjectNode json = JSON.createObjectNode()
            .put("tasks", tasks)
            .put("edges", edges)
            .put("makespan_ms", round3(makespanMs))
            .put("critical_path_ms", round3(criticalPathMs))
            .put("workers", workers)
            .put("order_ok", orderOk());
        return json.toString();
    }

    private static double round3(double value) {
        return Math.round(value * 1e3) / 1e3;
    }

    /** Prints the execution order, one line per task, then the makespan, the critical path and the order check. */
    public void printText(PrintStream out) {
        out.printf(Locale.ROOT, "%10s %10s  %s%n", "start_ms", "end_ms", "task  <- parents");
        for (TaskRun run : runs) {
            out.printf(Locale.ROOT, "%10.3f %10.3f  %s  <- %s%n", run.startMs(), run.endMs(), run.id(),
                run.parents().isEmpty() ? "-" : String.join(", ", run.parents()));
        }
        out.printf(Locale.ROOT, "session        %s: %,d of %,d tasks completed%n", session.state(), session.completed(),
            tasks);
        out.printf(Locale.ROOT, "makespan       %.3f ms (from submitting the graph to the end of the last task)%n",
            makespanMs);
        out.printf(Locale.ROOT, "critical path  %.3f ms (longest path by scaled runtime; makespan >= critical path: "
            + "%s)%n", criticalPathMs, makespanCoversCriticalPath() ? "yes" : "NO");
        out.printf(Locale.ROOT, "work / workers %.3f ms (the scaled runtimes added up, over %d workers: the other "
            + "lower bound)%n", workMs / workers, workers);
        long[] readyNs = readyToStartNs();
        if (readyNs.length > 0) {
            out.printf(Locale.ROOT, "ready to start median %.3f ms, max %.3f ms (from a task's last parent ending to "
                + "its start; waiting for a free worker included)%n", readyNs[readyNs.length / 2] / 1e6, readyNs[readyNs.length - 1] / 1e6);
        }
        out.printf(Locale.ROOT, "order          %s%n", orderOk()
            ? String.format(Locale.ROOT, "ok: every task started after all its parents ended (%,d dependencies)",
                edges)
            : "NOT ok: " + problems.size() + " problem(s); the first: "
                + (problems.isEmpty() ? "the session ended " + session.state() : problems.get(0)));
    }
}
