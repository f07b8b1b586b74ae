package io.htcengine.jmh;

import io.htcengine.api.Engine;
import io.htcengine.api.NodeSpec;
import io.htcengine.api.Session;
import io.htcengine.api.SessionSummary;
import io.htcengine.api.TaskSpec;
import io.htcengine.api.ThreadingMode;
import io.htcengine.spi.ManualExecutor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * A diagnostic beside {@link PriorityThroughputBenchmark}: the same workload (a session of
 * {@value PriorityThroughputBenchmark#TASKS} no-op tasks with seeded random priorities 1-10), but with no thread
 * hand-off at all. The engine runs in {@link ThreadingMode#INVOKER} mode, with lanes that hold a whole batch, and one
 * node whose executor is a {@link ManualExecutor} of {@code slots} slots, and the JMH thread does everything: it
 * submits the batch, then drives {@link Engine#doWork()} and runs whatever was dispatched until the session is done. The score, in tasks per
 * second, is therefore the CPU cost of the engine's own bookkeeping per task (task object, lanes, admission, ready
 * queue, dispatch, completion queue, session accounting) on one core.
 *
 * <p>{@code submitChunk} says when the loop runs. With 0 (the default) the whole batch is submitted first, so its
 * 14 MB of tasks and the lanes' slots have left the cache when the loop reaches them: the cost includes a cache miss
 * or more per task. With {@code N > 0} the thread drives the loop (and runs what it dispatched) until it is idle after
 * every {@code N} submits, so the loop finds the tasks still in cache: the cost of the engine's work with its data
 * hot — an upper bound for what the threaded engine could reach if its cross-thread hand-offs were free.
 *
 * <p>Run (after {@code mvn -o -q -pl jmh package} from the repository root):
 * <pre>
 * java -jar jmh/target/benchmarks.jar EngineInvoker -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc
 * java -jar jmh/target/benchmarks.jar EngineInvoker -f 1 -wi 3 -w 2s -i 5 -r 2s -p submitChunk=0,256,1024,4096
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(PriorityThroughputBenchmark.TASKS)
public class EngineInvokerBenchmark {
    private static final int TASKS = PriorityThroughputBenchmark.TASKS;
    private static final long SEED = 0x5EED_2025L;

    /** Slots of the one node: how many dispatched executions may wait in the {@link ManualExecutor} at once. */
    @Param("4096")
    public int slots;

    /** Submits between two runs of the loop: 0 for the whole batch first (see the class comment). */
    @Param("0")
    public int submitChunk;

    private int[] priorities;
    private Engine engine;
    private ManualExecutor executor;
    private TaskSpec<Object, Object>[] specs;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() {
        if (submitChunk < 0) {
            throw new IllegalArgumentException("submitChunk must be 0 (the whole batch first) or more, was " + submitChunk);
        }
        SplittableRandom random = new SplittableRandom(SEED);
        priorities = new int[TASKS];
        for (int i = 0; i < TASKS; i++) {
            priorities[i] = random.nextInt(TaskSpec.MIN_PRIORITY, TaskSpec.MAX_PRIORITY + 1);
        }
        executor = new ManualExecutor();
        engine = Engine.builder()
            .name("bench-invoker")
            .threading(ThreadingMode.INVOKER)
            .node(NodeSpec.withExecutor("manual", slots, executor))
            // The whole batch is submitted before the loop runs: every lane must hold it (the default, 1,024, would
            // make the submit throw, since the thread that drives the engine cannot wait for the loop).
            .laneCapacity(TASKS)
            .build();
        specs = new TaskSpec[TaskSpec.MAX_PRIORITY + 1];
        for (int p = TaskSpec.MIN_PRIORITY; p <= TaskSpec.MAX_PRIORITY; p++) {
            specs[p] = TaskSpec.of(PriorityThroughputBenchmark::noOp).name("no-op-p" + p).priority(p).build();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }

    /** Submit the batch, seal, then alternate loop cycles and running the dispatched tasks until the session ends. */
    @Benchmark
    public SessionSummary engineOnOneThread() {
        Session session = engine.openSession();
        for (int i = 0; i < TASKS; i++) {
            session.submit(specs[priorities[i]], null);
            if (submitChunk > 0 && (i + 1) % submitChunk == 0) {
                runUntilIdle();
            }
        }
        session.seal();
        while (!session.future().isDone()) {
            engine.doWork();
            executor.runAll();
        }
        return PriorityThroughputBenchmark.requireAllCompleted(session.future().join(), TASKS);
    }

    /** Drives the loop and runs what it dispatched until a cycle of the loop finds nothing to do. */
    private void runUntilIdle() {
        do {
            executor.runAll();
        } while (engine.doWork() > 0);
        executor.runAll();
    }
}
