package io.htcengine.jmh;

import io.htcengine.api.Engine;
import io.htcengine.api.Session;
import io.htcengine.api.SessionState;
import io.htcengine.api.SessionSummary;
import io.htcengine.api.TaskContext;
import io.htcengine.api.TaskSpec;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of no-op tasks with random priorities 1-10, the engine beside the JDK's usual priority executor, in one
 * run. One producer (the JMH thread) submits a batch of {@value #TASKS} tasks per invocation, then waits until all of
 * them have completed; {@code @OperationsPerInvocation} turns the score into <b>tasks per second</b>, end to end
 * (submit, queue, schedule, run, report completion). The priority of task {@code i} comes from an array drawn once
 * from a seeded random source, so every method and every run sees the same sequence.
 * <ul>
 *   <li>{@link #engine} — an {@link Engine} with {@code workers} local worker threads and one {@link TaskSpec} per
 *       priority; each batch is one {@link Session}: submit all, {@link Session#seal()}, join
 *       {@link Session#future()}.</li>
 *   <li>{@link #engineSubmitAll} — the same engine, specs and priorities, but each batch is handed to its session in
 *       one {@link Session#submitAll(List, List)} call (task {@code i} gets the spec of its priority; the list of
 *       specs and the list of null inputs are built once per trial), then sealed and joined as {@link #engine}
 *       does.</li>
 *   <li>{@link #tpePriorityBlockingQueue} — a {@link ThreadPoolExecutor} with {@code workers} core = max threads
 *       (prestarted) over a {@link PriorityBlockingQueue} of {@link PrioritizedNoOp} (higher priority first, FIFO
 *       within a priority), tasks given to {@code execute()}, completion signalled by a {@link CountDownLatch}.</li>
 *   <li>{@link #handOffFloor} — not a competitor: the engine's thread structure with nothing but its hand-offs
 *       ({@link HandOffFloor}), the ceiling of any engine built that way, beside the others in the same run.</li>
 *   <li>{@link #forkJoin} — a {@link ForkJoinPool} of {@code workers} threads, no priorities: a reference point for
 *       what a work-stealing pool with no ordering does on the same machine.</li>
 * </ul>
 * The engine also runs a scheduler thread and a listener thread besides its workers; the executors run only their
 * workers. The thread counts are part of what is compared, and docs/performance.md discusses them.
 *
 * <p>Run (after {@code mvn -o -q -pl jmh package} from the repository root):
 * <pre>
 * java -jar jmh/target/benchmarks.jar PriorityThroughput -f 1 -wi 3 -w 2s -i 5 -r 2s
 * java -jar jmh/target/benchmarks.jar PriorityThroughput -p workers=1,2 -prof gc
 * java -jar jmh/target/benchmarks.jar 'PriorityThroughputBenchmark.engine$' -p tasksInFlightPerWorker=1,16,64,256
 * java -jar jmh/target/benchmarks.jar 'PriorityThroughputBenchmark.(engine|engineSubmitAll|tpe.*)' -f 1 -wi 3 -w 2s -i 5 -r 2s
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(PriorityThroughputBenchmark.TASKS)
public class PriorityThroughputBenchmark {
    /** Tasks per invocation (one batch, one session). */
    public static final int TASKS = 100_000;
    private static final long SEED = 0x5EED_2025L;

    /** What every method shares: the worker count and the priority of each task of a batch. */
    @State(Scope.Benchmark)
    public static class Workload {
        /** Worker threads of the engine's local node and of each executor. */
        @Param("2")
        public int workers;

        /**
         * The most tasks each engine worker holds at once (engine only; the executors ignore it). Default: the
         * engine's; below it the node's slots follow its completion rate (EngineBuilder.dispatchAhead).
         */
        @Param("256")
        public int tasksInFlightPerWorker;

        int[] priorities;

        @Setup(Level.Trial)
        public void setUp() {
            SplittableRandom random = new SplittableRandom(SEED);
            priorities = new int[TASKS];
            for (int i = 0; i < TASKS; i++) {
                priorities[i] = random.nextInt(TaskSpec.MIN_PRIORITY, TaskSpec.MAX_PRIORITY + 1);
            }
        }
    }

    /**
     * The engine and one no-op spec per priority (index = priority); for {@link #engineSubmitAll}, also the spec of
     * each task of a batch, in order, and a list of as many null inputs. Only the engine methods build it.
     */
    @State(Scope.Benchmark)
    public static class EngineState {
        Engine engine;
        TaskSpec<Object, Object>[] specs;
        List<TaskSpec<Object, Object>> specByTask;
        List<Object> nullInputs;

        @Setup(Level.Trial)
        @SuppressWarnings("unchecked")
        public void setUp(Workload workload) {
            engine = Engine.builder().name("bench").workerThreads(workload.workers)
                .tasksInFlightPerWorker(workload.tasksInFlightPerWorker).build();
            specs = new TaskSpec[TaskSpec.MAX_PRIORITY + 1];
            for (int p = TaskSpec.MIN_PRIORITY; p <= TaskSpec.MAX_PRIORITY; p++) {
                specs[p] = TaskSpec.of(PriorityThroughputBenchmark::noOp).name("no-op-p" + p).priority(p).build();
            }
            specByTask = new ArrayList<>(TASKS);
            for (int i = 0; i < TASKS; i++) {
                specByTask.add(specs[workload.priorities[i]]);
            }
            nullInputs = Collections.nCopies(TASKS, null);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            engine.close();
        }
    }

    /** The baseline executor, its threads prestarted. */
    @State(Scope.Benchmark)
    public static class TpeState {
        ThreadPoolExecutor tpe;

        @Setup(Level.Trial)
        public void setUp(Workload workload) {
            tpe = new ThreadPoolExecutor(workload.workers, workload.workers, 0L, TimeUnit.MILLISECONDS,
                new PriorityBlockingQueue<>());
            tpe.prestartAllCoreThreads();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            tpe.shutdown();
            if (!tpe.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the ThreadPoolExecutor did not terminate within 30 s");
            }
        }
    }

    /** The engine's thread structure with nothing but its hand-offs ({@link HandOffFloor}), started once per trial. */
    @State(Scope.Benchmark)
    public static class FloorState {
        /**
         * Which lines of each 144-byte job the floor's threads touch: {@code spread} all three, as the engine's threads
         * do with a {@code Task}; {@code first} only the first, as a task laid out on one line could.
         */
        @Param("spread")
        public String touch;

        /** Each lane's capacity: the engine's default, as the engine runs this benchmark. */
        @Param("" + io.htcengine.api.EngineBuilder.DEFAULT_LANE_CAPACITY)
        public int laneCapacity;

        HandOffFloor floor;

        @Setup(Level.Trial)
        public void setUp(Workload workload) {
            if (!touch.equals("spread") && !touch.equals("first")) {
                throw new IllegalArgumentException("touch must be spread or first, was " + touch);
            }
            floor = HandOffFloor.started(workload.workers, workload.tasksInFlightPerWorker, touch.equals("spread"),
                laneCapacity);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            floor.stop();
        }
    }

    /** The work-stealing reference pool. */
    @State(Scope.Benchmark)
    public static class ForkJoinState {
        ForkJoinPool pool;

        @Setup(Level.Trial)
        public void setUp(Workload workload) {
            pool = new ForkJoinPool(workload.workers);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            pool.shutdown();
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the ForkJoinPool did not terminate within 30 s");
            }
        }
    }

    /** @return {@code summary}, after checking that its session completed all {@code tasks} of it */
    static SessionSummary requireAllCompleted(SessionSummary summary, int tasks) {
        if (summary.state() != SessionState.COMPLETED || summary.completed() != tasks) {
            throw new IllegalStateException("the session did not complete every task: " + summary);
        }
        return summary;
    }

    static Object noOp(Object input, TaskContext context) {
        return null;
    }

    /** The engine: one session of {@value #TASKS} no-op tasks, submitted, sealed and awaited. */
    @Benchmark
    public SessionSummary engine(Workload workload, EngineState state) {
        Session session = state.engine.openSession();
        int[] priorities = workload.priorities;
        TaskSpec<Object, Object>[] specs = state.specs;
        for (int i = 0; i < TASKS; i++) {
            session.submit(specs[priorities[i]], null);
        }
        session.seal();
        return requireAllCompleted(session.future().join(), TASKS);
    }

    /** The engine, each batch in one {@code submitAll}: one session of {@value #TASKS} no-op tasks, sealed and awaited. */
    @Benchmark
    public SessionSummary engineSubmitAll(EngineState state) {
        Session session = state.engine.openSession();
        session.submitAll(state.specByTask, state.nullInputs);
        session.seal();
        return requireAllCompleted(session.future().join(), TASKS);
    }

    /** The baseline: {@code ThreadPoolExecutor} + {@code PriorityBlockingQueue}, {@value #TASKS} tasks awaited. */
    @Benchmark
    public long tpePriorityBlockingQueue(Workload workload, TpeState state) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(TASKS);
        int[] priorities = workload.priorities;
        ThreadPoolExecutor tpe = state.tpe;
        for (int i = 0; i < TASKS; i++) {
            tpe.execute(new PrioritizedNoOp(priorities[i], i, done));
        }
        done.await();
        return tpe.getCompletedTaskCount();
    }

    /**
     * Not a competitor: the ceiling of the engine's thread structure on this machine. The same priorities through
     * {@link HandOffFloor}: ten MPSC lanes, one scheduler thread, per-worker SPSC queues and one completion queue, with
     * no task state, handle, future, session, placement or accounting. The engine can only be slower; its ratio to
     * {@link #tpePriorityBlockingQueue} can only be lower than this one's.
     */
    @Benchmark
    public void handOffFloor(Workload workload, FloorState state) {
        state.floor.runBatch(workload.priorities, 144);
    }

    /** A reference point without priorities: {@code ForkJoinPool.execute}, {@value #TASKS} tasks awaited. */
    @Benchmark
    public long forkJoin(ForkJoinState state) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(TASKS);
        Runnable task = done::countDown;
        ForkJoinPool pool = state.pool;
        for (int i = 0; i < TASKS; i++) {
            pool.execute(task);
        }
        done.await();
        return done.getCount();
    }

    /**
     * A no-op task ordered for a {@link PriorityBlockingQueue}: higher priority first, then lower sequence number
     * (FIFO within a priority), the same order the engine's ready queue keeps for BATCH tasks.
     */
    static final class PrioritizedNoOp implements Runnable, Comparable<PrioritizedNoOp> {
        private final int priority;
        private final long sequence;
        private final CountDownLatch done;

        PrioritizedNoOp(int priority, long sequence, CountDownLatch done) {
            this.priority = priority;
            this.sequence = sequence;
            this.done = done;
        }

        @Override
        public void run() {
            done.countDown();
        }

        @Override
        public int compareTo(PrioritizedNoOp other) {
            if (priority != other.priority) {
                return Integer.compare(other.priority, priority);
            }
            return Long.compare(sequence, other.sequence);
        }
    }
}
