package io.htcengine.jmh;

import io.htcengine.api.Engine;
import io.htcengine.api.NodeSpec;
import io.htcengine.api.Session;
import io.htcengine.api.TaskHandle;
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

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The submitting thread's own cost per task: {@value #TASKS} tasks handed to a session one {@code submit} at a time
 * ({@link #submitEach}) or in one {@link Session#submitAll(List, List)} ({@link #submitAll}), and nothing else timed.
 * The engine runs in {@link ThreadingMode#INVOKER} mode, so no scheduler thread competes for the core; its lanes hold
 * a whole batch (no backpressure), and after each invocation, untimed, the loop admits, runs and completes the batch
 * so the next one starts from empty lanes. Score: tasks per second accepted by one producer thread.
 * <ul>
 *   <li>{@code pattern=random}: the seeded random priorities 1-10 of {@link PriorityThroughputBenchmark}, one spec
 *       per priority: runs of equal priority are short (1.1 tasks on average).</li>
 *   <li>{@code pattern=single}: one spec of priority 5 for every task: one run of {@value #TASKS}.</li>
 * </ul>
 *
 * <p>Run (after {@code mvn -o -q -pl engine-core,jmh -am package -DskipTests} from the repository root):
 * <pre>
 * java -jar jmh/target/benchmarks.jar SubmitCost -f 1 -wi 5 -w 1s -i 5 -r 1s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(SubmitCostBenchmark.TASKS)
public class SubmitCostBenchmark {
    static final int TASKS = PriorityThroughputBenchmark.TASKS;
    private static final long SEED = 0x5EED_2025L;

    @Param({"random", "single"})
    public String pattern;

    private Engine engine;
    private ManualExecutor executor;
    private TaskSpec<Object, Object>[] specByTask;
    private List<TaskSpec<Object, Object>> specs;
    private List<Object> inputs;
    private Session session;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() {
        executor = new ManualExecutor();
        engine = Engine.builder()
            .name("bench-submit")
            .threading(ThreadingMode.INVOKER)
            .laneCapacity(Integer.highestOneBit(TASKS) << 1)
            .admitBatch(1 << 16)
            .node(NodeSpec.withExecutor("manual", 4096, executor))
            .build();
        TaskSpec<Object, Object>[] byPriority = new TaskSpec[TaskSpec.MAX_PRIORITY + 1];
        for (int p = TaskSpec.MIN_PRIORITY; p <= TaskSpec.MAX_PRIORITY; p++) {
            byPriority[p] = TaskSpec.of(PriorityThroughputBenchmark::noOp).name("no-op-p" + p).priority(p).build();
        }
        SplittableRandom random = new SplittableRandom(SEED);
        specByTask = new TaskSpec[TASKS];
        for (int i = 0; i < TASKS; i++) {
            int priority = random.nextInt(TaskSpec.MIN_PRIORITY, TaskSpec.MAX_PRIORITY + 1);
            specByTask[i] = byPriority[pattern.equals("single") ? 5 : priority];
        }
        specs = new ArrayList<>(List.of(specByTask));
        inputs = Collections.nCopies(TASKS, null);
    }

    @Setup(Level.Invocation)
    public void openSession() {
        session = engine.openSession();
    }

    /** Untimed: the loop admits and completes the batch, so every invocation starts with empty lanes. */
    @TearDown(Level.Invocation)
    public void drain() {
        session.seal();
        while (!session.future().isDone()) {
            engine.doWork();
            executor.runAll();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }

    /** One {@code submit} per task. */
    @Benchmark
    public TaskHandle<Object> submitEach() {
        Session s = session;
        TaskSpec<Object, Object>[] byTask = specByTask;
        TaskHandle<Object> last = null;
        for (int i = 0; i < TASKS; i++) {
            last = s.submit(byTask[i], null);
        }
        return last;
    }

    /** One {@code submitAll(specs, inputs)} for the whole batch. */
    @Benchmark
    public List<TaskHandle<Object>> submitAll() {
        return session.submitAll(specs, inputs);
    }
}
