package io.htcengine.examples.workflow;

import io.htcengine.api.Engine;
import io.htcengine.api.Session;
import io.htcengine.api.SessionOptions;
import io.htcengine.api.SessionSummary;
import io.htcengine.api.TaskContext;
import io.htcengine.api.TaskGraph;
import io.htcengine.api.TaskHandler;
import io.htcengine.api.TaskSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Replays a {@link WfWorkflow} on a real engine: the whole DAG as one {@link TaskGraph} in one session, each task
 * sleeping its recorded runtime scaled down, and measures when each task ran.
 *
 * <p>How it runs the tasks:
 * <ul>
 *   <li>One task per engine worker at a time ({@code tasksInFlightPerWorker(1)}): these tasks are long, so a ready
 *       task waits for an idle worker rather than queueing behind a sleeping one.</li>
 *   <li>Priorities 1-10 by bottom level (the longest path from the task to the end, HEFT's upward rank): when
 *       there are fewer workers than ready tasks, those on the critical path go first.</li>
 *   <li>A task's {@code coreCount} and {@code memoryInBytes} are read but not enforced: every task takes one
 *       worker.</li>
 * </ul>
 * The workload of a task is to wait its scaled runtime (parking until a deadline, so it never ends early); its
 * handler records its start and end with {@link System#nanoTime()}, relative to the start of the run: the graph's
 * submission, after one no-op task has warmed the engine up (so the first dispatch is not a cold start).
 *
 * <p>Threading: {@link #run} may be called from any thread; each call starts and closes its own engine.
 */
public final class WorkflowRunner {
    private WorkflowRunner() {
    }

    /**
     * Runs {@code workflow} once, on a fresh engine that it closes before returning.
     *
     * @param workers     worker threads, 1 or more
     * @param msPerSecond milliseconds a task sleeps per recorded second of runtime, more than 0
     */
    public static WorkflowRunReport run(WfWorkflow workflow, int workers, double msPerSecond)
        throws InterruptedException, ExecutionException {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be 1 or more, was " + workers);
        }
        if (!(msPerSecond > 0) || Double.isInfinite(msPerSecond)) {
            throw new IllegalArgumentException("msPerSecond must be a finite number more than 0, was " + msPerSecond);
        }
        List<WfTask> tasks = workflow.tasks();
        Map<String, Integer> index = new HashMap<>();
        long[] sleepNs = new long[tasks.size()];
        for (int i = 0; i < tasks.size(); i++) {
            index.put(tasks.get(i).id(), i);
            sleepNs[i] = Math.round(tasks.get(i).runtimeSeconds() * msPerSecond * 1e6);
        }
        // Written by the worker threads, read here once the session is done: atomics make the hand-over explicit.
        AtomicLongArray startNs = new AtomicLongArray(tasks.size());
        AtomicLongArray endNs = new AtomicLongArray(tasks.size());
        AtomicLong runStartNs = new AtomicLong();
        TaskHandler<WfTask, Void> replay = (task, context) -> {
            long start = System.nanoTime();
            int i = index.get(task.id());
            startNs.set(i, start - runStartNs.get());
            sleepUntil(start + sleepNs[i]);
            endNs.set(i, System.nanoTime() - runStartNs.get());
            return null;
        };
        TaskGraph graph = workflow.toTaskGraph(prioritySpecs(workflow, replay, t -> sleepNs[index.get(t.id())]));
        double criticalPathMs = workflow.criticalPath(t -> sleepNs[index.get(t.id())]) / 1e6;

        SessionSummary summary;
        try (Engine engine = Engine.builder().name("htc-workflow").workerThreads(workers).tasksInFlightPerWorker(1)
            .build()) {
            // Warm-up: one no-op task, so the makespan measures scheduling, not the engine's threads starting.
            engine.submit(TaskSpec.of((Object input, TaskContext context) -> input).name("warm-up").build(), null)
                .future().get();
            Session session = engine.openSession(SessionOptions.named(workflow.name()));
            runStartNs.set(System.nanoTime());
            session.submit(graph);
            session.seal();
            summary = session.future().get();
        }
        return report(workflow, workers, msPerSecond, summary, startNs, endNs, criticalPathMs,
            Arrays.stream(sleepNs).sum() / 1e6);
    }

    /** Parks until {@code deadlineNs} (of {@link System#nanoTime()}); never returns earlier, unless interrupted. */
    static void sleepUntil(long deadlineNs) throws InterruptedException {
        for (long left = deadlineNs - System.nanoTime(); left > 0; left = deadlineNs - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException("cancelled while replaying the task's runtime");
            }
        }
    }

    /**
     * @return for each task, the spec of its priority: 1 + 9 × (its bottom level / the critical path), so the
     * tasks that start the critical path get 10
     */
    private static Function<WfTask, TaskSpec<WfTask, Void>> prioritySpecs(WfWorkflow workflow,
        TaskHandler<WfTask, Void> handler, ToDoubleFunction<WfTask> weight) {
        List<TaskSpec<WfTask, Void>> specs = new ArrayList<>();
        for (int p = TaskSpec.MIN_PRIORITY; p <= TaskSpec.MAX_PRIORITY; p++) {
            specs.add(TaskSpec.of(handler).name("wf-replay-p" + p).priority(p).build());
        }
        double[] level = workflow.bottomLevels(weight);
        double longest = 0;
        Map<String, Integer> priority = new HashMap<>();
        for (double l : level) {
            longest = Math.max(longest, l);
        }
        for (int i = 0; i < level.length; i++) {
            int p = longest > 0 ? TaskSpec.MIN_PRIORITY
                + (int) Math.round((TaskSpec.MAX_PRIORITY - TaskSpec.MIN_PRIORITY) * level[i] / longest)
                : TaskSpec.DEFAULT_PRIORITY;
            priority.put(workflow.tasks().get(i).id(), p);
        }
        return task -> specs.get(priority.get(task.id()) - TaskSpec.MIN_PRIORITY);
    }

    private static WorkflowRunReport report(WfWorkflow workflow, int workers, double msPerSecond,
        SessionSummary summary, AtomicLongArray startNs, AtomicLongArray endNs, double criticalPathMs, double workMs) {
        List<WfTask> tasks = workflow.tasks();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            index.put(tasks.get(i).id(), i);
        }
        List<TaskRun> runs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        long makespanNs = 0;
        for (int i = 0; i < tasks.size(); i++) {
            WfTask task = tasks.get(i);
            if (endNs.get(i) == 0) {
                problems.add("task '" + task.id() + "' did not run to the end");
                continue;
            }
            runs.add(new TaskRun(task.id(), task.parents(), startNs.get(i), endNs.get(i)));
            makespanNs = Math.max(makespanNs, endNs.get(i));
            for (String parent : task.parents()) {
                int p = index.get(parent);
                if (endNs.get(p) == 0 || startNs.get(i) < endNs.get(p)) {
                    problems.add(String.format(Locale.ROOT, "task '%s' started at %.3f ms, before its parent '%s' "
                        + "ended (%s)", task.id(), startNs.get(i) / 1e6, parent,
                        endNs.get(p) == 0 ? "it did not" : String.format(Locale.ROOT, "at %.3f ms", endNs.get(p) / 1e6)));
                }
            }
        }
        runs.sort(Comparator.comparingLong(TaskRun::startNs).thenComparingLong(TaskRun::endNs));
        return new WorkflowRunReport(workflow.name(), workflow.source(), tasks.size(), workflow.edgeCount(), workers,
            msPerSecond, summary, runs, makespanNs / 1e6, criticalPathMs, workMs, problems);
    }
}
