package io.htcengine.examples.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.htcengine.api.Resources;
import io.htcengine.api.TaskContext;
import io.htcengine.api.TaskSpec;
import io.htcengine.api.TaskState;
import io.htcengine.examples.cli.ArgParser;
import io.htcengine.examples.cli.Command;
import io.htcengine.examples.cli.ParsedArgs;
import io.htcengine.examples.cli.UsageException;
import io.htcengine.sim.JobRecord;
import io.htcengine.sim.Simulation;
import io.htcengine.sim.SimulationResult;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./htc workflow}: runs a WfCommons workflow on virtual time ({@link Simulation}) on one node of N cores, each
 * task holding its cores ({@code coreCount}, 1 when absent) for its recorded runtime, under the engine's default
 * scheduling (strict priority, all tasks equal: ready order). Prints the makespan beside the two bounds no schedule
 * beats: the critical path (the longest path by runtime) and the total work spread over all cores.
 *
 * <p>Unlike {@code ./htc montage}, nothing sleeps: the run takes milliseconds whatever the recorded runtimes.
 */
public final class WorkflowSimCommand implements Command {
    static final int MAX_CORES = 1 << 24;
    private static final long NS_PER_S = 1_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final ArgParser OPTIONS = new ArgParser("workflow")
        .option("--wfcommons", "FILE", "a WfCommons WfFormat 1.5 JSON file (required)")
        .option("--cores", "N", "the node's cores, 1 to 16,777,216 (required)")
        .flag("--json", "also print a one-line JSON summary, last");

    /** What one simulated run of a workflow measured, in seconds; total work is in core-seconds. */
    public record Result(int tasks, int edges, int cores, double makespanS, double criticalPathS, double totalWorkS) {
        /** @return the least makespan the total work allows on {@code cores} cores. */
        public double workBoundS() {
            return totalWorkS / cores;
        }
    }

    @Override
    public String name() {
        return "workflow";
    }

    @Override
    public String summary() {
        return "run a WfCommons workflow on virtual time on one node of N cores: makespan vs critical path and work";
    }

    @Override
    public ArgParser options() {
        return OPTIONS;
    }

    @Override
    public int execute(ParsedArgs parsed, PrintStream out, PrintStream err) throws IOException {
        parsed.require("--wfcommons", "FILE");
        parsed.require("--cores", "N");
        int cores = parsed.intValue("--cores", 1, 1, MAX_CORES);
        Path path = parsed.inputFile("--wfcommons");
        WfWorkflow workflow;
        try {
            workflow = WfFormatLoader.load(path);
        } catch (WfFormatException e) {
            throw new UsageException("--wfcommons: " + e.getMessage());
        }
        workflow.notes().forEach(note -> err.println("htc workflow: note: " + workflow.source() + ": " + note));
        for (WfTask task : workflow.tasks()) {
            if (task.cores() > cores) {
                throw new UsageException("task '" + task.id() + "' of " + path + " needs " + task.cores()
                    + " cores; --cores is " + cores);
            }
        }
        Result r = simulate(workflow, cores);
        out.printf(Locale.ROOT, "Workflow '%s' (%s): %,d tasks, %,d dependencies, on one node of %,d cores%n",
            workflow.name(), workflow.source(), r.tasks(), r.edges(), cores);
        out.printf(Locale.ROOT, "makespan       %,.3f s (virtual time)%n", r.makespanS());
        out.printf(Locale.ROOT, "critical path  %,.3f s (longest path by runtime: no schedule is shorter)%n",
            r.criticalPathS());
        out.printf(Locale.ROOT, "total work     %,.3f core-s (/ %,d cores = %,.3f s: no schedule is shorter)%n",
            r.totalWorkS(), cores, r.workBoundS());
        if (parsed.has("--json")) {
            ObjectNode json = JSON.createObjectNode()
                .put("tasks", r.tasks())
                .put("edges", r.edges())
                .put("cores", cores)
                .put("makespan_s", round(r.makespanS()))
                .put("critical_path_s", round(r.criticalPathS()))
                .put("total_work_s", round(r.totalWorkS()));
            out.println(json);
        }
        return 0;
    }

    /**
     * Runs the workflow as one graph submitted at virtual time 0 on one node of {@code cores} cores.
     *
     * @throws IllegalStateException if a task did not complete (one needs more cores than the node has)
     */
    public static Result simulate(WfWorkflow workflow, int cores) {
        // Slots never bind: a task holds at least one core, and no more tasks than the workflow has run at once.
        int slots = Math.max(1, Math.min(cores, workflow.tasks().size()));
        Simulation sim = Simulation.builder().node("node", slots, Resources.builder().cores(cores).build()).build();
        Map<Integer, TaskSpec<WfTask, Object>> specByCores = new HashMap<>();
        Map<String, Long> runtimeNs = new HashMap<>();
        double work = 0;
        for (WfTask task : workflow.tasks()) {
            runtimeNs.put(task.id(), Math.round(task.runtimeSeconds() * NS_PER_S));
            work += task.cores() * task.runtimeSeconds();
        }
        sim.submitGraphAt(0, workflow.toTaskGraph(task -> specByCores.computeIfAbsent(task.cores(),
            c -> TaskSpec.of((WfTask in, TaskContext ctx) -> (Object) in).name("wf-" + c + "-cores")
                .resources(Resources.builder().cores(c).build()).build())), runtimeNs);
        SimulationResult result = sim.run();
        for (JobRecord job : result.jobs()) {
            if (job.state() != TaskState.COMPLETED) {
                throw new IllegalStateException("task '" + job.name() + "' ended " + job.state());
            }
        }
        return new Result(workflow.tasks().size(), workflow.edgeCount(), cores, result.makespanNs() / 1e9,
            workflow.criticalPathSeconds(), work);
    }

    private static BigDecimal round(double value) {
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return rounded.scale() < 0 ? rounded.setScale(0) : rounded;
    }
}
