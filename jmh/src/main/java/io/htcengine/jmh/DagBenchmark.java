package io.htcengine.jmh;

import io.htcengine.api.Engine;
import io.htcengine.api.Session;
import io.htcengine.api.SessionSummary;
import io.htcengine.api.SubmittedGraph;
import io.htcengine.api.TaskContext;
import io.htcengine.api.TaskGraph;
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

import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of a {@value #TASKS}-task DAG of no-op tasks: the engine's {@link TaskGraph} beside the same graph
 * wired from {@link CompletableFuture}s, in one run. One invocation builds the whole graph, starts it, and waits
 * until every task has run; {@code @OperationsPerInvocation} turns the score into <b>tasks per second</b>, end to
 * end. Tasks are numbered 0 to {@value #TASKS}−1, every task after all of its parents. The {@code shape} parameter
 * picks the graph:
 * <ul>
 *   <li>{@code chains} — {@value #CHAINS} independent chains of {@value #CHAIN_LENGTH}: task {@code i} has the one
 *       parent {@code i − 1} unless {@code i} is a multiple of {@value #CHAIN_LENGTH} (then none). 1,000 roots,
 *       1,000 sinks, every other task one parent.</li>
 *   <li>{@code fanOutFanIn} — {@value #STAGES} stages of {@value #STAGE_WIDTH} tasks, one after another: each stage
 *       is a head, {@value #STAGE_WIDTH} − 2 = 998 middle tasks that each depend on the head, and a tail that depends
 *       on all 998 middle tasks (1 → 998 → 1). The head of stage {@code s > 0} depends on the tail of stage
 *       {@code s − 1}, so the graph is one long sequence of fork-joins: one root, one sink, and at most 998 tasks
 *       ready at once (199,699 edges).</li>
 *   <li>{@code randomLayered} — {@value #LAYERS} layers of {@value #LAYER_WIDTH} tasks; the tasks of layer 0 have no
 *       parents, every task of a later layer has 1 to 3 distinct parents (count and parents uniformly random) in the
 *       layer before. Drawn once from a {@link SplittableRandom} seeded with {@value #SEED}, so every method and every
 *       run sees the same graph: 197,720 edges (33,107 tasks with one parent, 33,066 with two, 32,827 with three) and
 *       14,359 sinks (the last layer, plus the 13,359 earlier tasks no task picked as a parent).</li>
 * </ul>
 * The structure (every task's parent indexes, and the sinks) is computed once per trial; so are the engine's keys
 * ({@code "t" + index}) and each task's array of parent keys, {@link #engine}'s counterpart of the parent index
 * arrays ({@link #engineByIndex} and {@link #completableFuture} use the index arrays themselves).
 * What is measured, per method:
 * <ul>
 *   <li>{@link #engine} — building the graph ({@code TaskGraph.builder().add(key, spec, null, parentKeys)} per task,
 *       then {@code build()}, which validates it and sorts it topologically), opening a {@link Session},
 *       {@link Session#submit(TaskGraph)}, {@link Session#seal()}, and joining {@link Session#future()}, on an
 *       {@link Engine} of {@code workers} local worker threads built once per trial (default settings otherwise:
 *       at most {@code tasksInFlightPerWorker} 256 per worker, the node's slots following its completion rate, a
 *       scheduler thread and a listener thread besides the workers).</li>
 *   <li>{@link #engineByIndex} — the same, the graph built by index instead of by key:
 *       {@code TaskGraph.builder().add(noOp, null, parents[i])} per task (no keys; the parent index arrays the
 *       {@code CompletableFuture} side uses, copied into the builder), then {@code build()} and the rest as
 *       {@code engine}.</li>
 *   <li>{@link #completableFuture} — wiring the same graph in index order: no parent:
 *       {@code CompletableFuture.runAsync(noOp, pool)}; one parent: {@code parent.thenRunAsync(noOp, pool)}; two:
 *       {@code a.runAfterBothAsync(b, noOp, pool)} (the result-free form of {@code thenCombineAsync}; neither side's
 *       no-op reads its parents' outputs); more: {@code CompletableFuture.allOf(parents).thenRunAsync(noOp, pool)}.
 *       Then it joins {@code allOf(sinks)}. Tasks start while the graph is still being wired, as is natural for
 *       {@code CompletableFuture}; the engine's graph starts once built, while {@code submit} is still making its
 *       tasks (1,024 at a time).</li>
 * </ul>
 * The {@code pool} of the {@code CompletableFuture} side is, by default, a {@link ForkJoinPool} of {@code workers}
 * threads: a {@code ForkJoinPool} (the common pool) is what {@code CompletableFuture}'s async methods use when given
 * no executor, so this is the idiomatic choice, sized like the engine's node for a fair comparison (the common pool
 * itself would have {@code nproc − 1} threads and be shared with JMH). {@code -p pool=fixed} uses
 * {@code Executors.newFixedThreadPool(workers)} instead. Both sides run the same no-op ({@link #noOp()}), once per
 * task. Thread counts differ, as in {@link PriorityThroughputBenchmark}: the engine adds its scheduler and listener
 * threads to the workers; the JMH thread builds the graph in both.
 *
 * <p>Run (after {@code mvn -o -q -pl jmh package} from the repository root):
 * <pre>
 * java -jar jmh/target/benchmarks.jar 'DagBenchmark.(engine|engineByIndex|completableFuture)$' -f 1 -wi 3 -w 2s -i 5 -r 2s
 * java -jar jmh/target/benchmarks.jar DagBenchmark -p shape=chains -p workers=1,2 -prof gc
 * java -jar jmh/target/benchmarks.jar DagBenchmark.completableFuture -p pool=forkJoin,fixed
 * java -jar jmh/target/benchmarks.jar DagBenchmark.engine -p shape=fanOutFanIn -prof 'stack:lines=2;top=14'
 * </pre>
 * The first line's pattern leaves out {@link #dexecutor}, which takes minutes per graph (measured single-shot, see
 * docs/performance.md).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(DagBenchmark.TASKS)
public class DagBenchmark {
    /** Tasks per graph (one graph per invocation). */
    public static final int TASKS = 100_000;
    static final int CHAINS = 1_000;
    static final int CHAIN_LENGTH = TASKS / CHAINS;
    static final int STAGE_WIDTH = 1_000;
    static final int STAGES = TASKS / STAGE_WIDTH;
    static final int LAYER_WIDTH = 1_000;
    static final int LAYERS = TASKS / LAYER_WIDTH;
    static final long SEED = 0x5EED_DA6L;
    private static final int[] NO_PARENTS = new int[0];
    private static final Runnable NO_OP = DagBenchmark::noOp;

    /** What both methods share: the shape, the worker count, and the graph's structure. */
    @State(Scope.Benchmark)
    public static class Workload {
        /** Which graph: {@code chains}, {@code fanOutFanIn} or {@code randomLayered} (see the class Javadoc). */
        @Param({"chains", "fanOutFanIn", "randomLayered"})
        public String shape;

        /** Worker threads of the engine's local node and of the {@code CompletableFuture} pool. */
        @Param("2")
        public int workers;

        /** Parent indexes of every task; every parent index is lower than its child's. */
        int[][] parents;
        /** Tasks no task depends on. */
        int[] sinks;

        @Setup(Level.Trial)
        public void setUp() {
            parents = switch (shape) {
                case "chains" -> chains();
                case "fanOutFanIn" -> fanOutFanIn();
                case "randomLayered" -> randomLayered();
                default -> throw new IllegalArgumentException(
                    "shape must be one of chains, fanOutFanIn, randomLayered, was " + shape);
            };
            sinks = sinks(parents);
        }
    }

    /** The engine, the no-op spec, and each task's key and parent keys. Only {@link #engine} builds it. */
    @State(Scope.Benchmark)
    public static class EngineState {
        /** The most tasks each engine worker holds at once. Default: the engine's (its slots adapt below it). */
        @Param("256")
        public int tasksInFlightPerWorker;

        /** QUEUED tasks beyond which a graph's admission pauses (EngineBuilder.graphAdmitAhead). Default: the engine's. */
        @Param("4096")
        public int graphAdmitAhead;

        Engine engine;
        TaskSpec<Object, Object> noOp;
        String[] keys;
        String[][] parentKeys;

        @Setup(Level.Trial)
        public void setUp(Workload workload) {
            engine = Engine.builder().name("bench").workerThreads(workload.workers)
                .tasksInFlightPerWorker(tasksInFlightPerWorker).graphAdmitAhead(graphAdmitAhead).build();
            noOp = TaskSpec.of((Object input, TaskContext context) -> noOp()).name("no-op").build();
            keys = new String[TASKS];
            for (int i = 0; i < TASKS; i++) {
                keys[i] = "t" + i;
            }
            parentKeys = new String[TASKS][];
            for (int i = 0; i < TASKS; i++) {
                int[] p = workload.parents[i];
                String[] pk = new String[p.length];
                for (int j = 0; j < p.length; j++) {
                    pk[j] = keys[p[j]];
                }
                parentKeys[i] = pk;
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            engine.close();
        }
    }

    /** The pool the {@code CompletableFuture} stages run on. Only {@link #completableFuture} builds it. */
    @State(Scope.Benchmark)
    public static class FutureState {
        /** {@code forkJoin}: {@code new ForkJoinPool(workers)}; {@code fixed}: {@code newFixedThreadPool(workers)}. */
        @Param("forkJoin")
        public String pool;

        ExecutorService executor;

        @Setup(Level.Trial)
        public void setUp(Workload workload) {
            executor = switch (pool) {
                case "forkJoin" -> new ForkJoinPool(workload.workers);
                case "fixed" -> Executors.newFixedThreadPool(workload.workers);
                default -> throw new IllegalArgumentException("pool must be one of forkJoin, fixed, was " + pool);
            };
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            executor.shutdown();
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the " + pool + " pool did not terminate within 30 s");
            }
        }
    }

    /** The work of every task on both sides. */
    static Object noOp() {
        return null;
    }

    /** The engine: build the {@link TaskGraph} by key, submit it into a session, seal, await. */
    @Benchmark
    public SessionSummary engine(Workload workload, EngineState state) {
        TaskGraph.Builder builder = TaskGraph.builder();
        String[] keys = state.keys;
        String[][] parentKeys = state.parentKeys;
        TaskSpec<Object, Object> noOp = state.noOp;
        for (int i = 0; i < TASKS; i++) {
            builder.add(keys[i], noOp, null, parentKeys[i]);
        }
        return submitAndAwait(state, builder.build());
    }

    /**
     * The engine, the same graph built by index: {@code add(noOp, null, parents[i])} per task, no keys (task
     * {@code i} gets index {@code i}, and its parents are added before it), then as {@link #engine}.
     */
    @Benchmark
    public SessionSummary engineByIndex(Workload workload, EngineState state) {
        TaskGraph.Builder builder = TaskGraph.builder();
        int[][] parents = workload.parents;
        TaskSpec<Object, Object> noOp = state.noOp;
        for (int i = 0; i < TASKS; i++) {
            builder.add(noOp, null, parents[i]);
        }
        return submitAndAwait(state, builder.build());
    }

    private static SessionSummary submitAndAwait(EngineState state, TaskGraph graph) {
        Session session = state.engine.openSession();
        SubmittedGraph submitted = session.submit(graph);
        session.seal();
        if (submitted.size() != TASKS) {
            throw new IllegalStateException("the graph has " + submitted.size() + " tasks, not " + TASKS);
        }
        return PriorityThroughputBenchmark.requireAllCompleted(session.future().join(), TASKS);
    }

    /** Dexecutor's executor service; only {@link #dexecutor} builds it. */
    @State(Scope.Benchmark)
    public static class DexecutorState {
        java.util.concurrent.ExecutorService pool;

        @Setup(Level.Trial)
        public void setUp(Workload workload) {
            pool = java.util.concurrent.Executors.newFixedThreadPool(workload.workers);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /**
     * The same graph on Dexecutor 2.1 (a DAG executor library): every edge added with {@code addDependency},
     * roots with {@code addIndependent}, run with {@code execute(TERMINATING)} on a fixed pool of {@code workers}
     * threads (Dexecutor takes an ExecutorService). Building its graph is measured, as on the other sides.
     */
    @Benchmark
    public Object dexecutor(Workload workload, DexecutorState state) {
        int[][] parents = workload.parents;
        com.github.dexecutor.core.DefaultDexecutor<Integer, Object> dex = new com.github.dexecutor.core.DefaultDexecutor<>(
            new com.github.dexecutor.core.DexecutorConfig<Integer, Object>(state.pool, id -> new NoOpDexecutorTask()));
        for (int i = 0; i < parents.length; i++) {
            if (parents[i].length == 0) {
                dex.addIndependent(i);
            }
            for (int p : parents[i]) {
                dex.addDependency(p, i);
            }
        }
        return dex.execute(com.github.dexecutor.core.ExecutionConfig.TERMINATING);
    }

    /** A Dexecutor task is stateful (its id, its parents' results): one per node, as Dexecutor expects. */
    private static final class NoOpDexecutorTask extends com.github.dexecutor.core.task.Task<Integer, Object> {
        private static final long serialVersionUID = 1L;

        @Override
        public Object execute() {
            return noOp();
        }
    }

    /** The baseline: the same graph from {@code CompletableFuture} stages on {@code pool}, all sinks awaited. */
    @Benchmark
    public Object completableFuture(Workload workload, FutureState state) {
        int[][] parents = workload.parents;
        ExecutorService pool = state.executor;
        CompletableFuture<?>[] futures = new CompletableFuture<?>[TASKS];
        for (int i = 0; i < TASKS; i++) {
            int[] p = parents[i];
            futures[i] = switch (p.length) {
                case 0 -> CompletableFuture.runAsync(NO_OP, pool);
                case 1 -> futures[p[0]].thenRunAsync(NO_OP, pool);
                case 2 -> futures[p[0]].runAfterBothAsync(futures[p[1]], NO_OP, pool);
                default -> {
                    CompletableFuture<?>[] all = new CompletableFuture<?>[p.length];
                    for (int j = 0; j < p.length; j++) {
                        all[j] = futures[p[j]];
                    }
                    yield CompletableFuture.allOf(all).thenRunAsync(NO_OP, pool);
                }
            };
        }
        int[] sinks = workload.sinks;
        CompletableFuture<?>[] last = new CompletableFuture<?>[sinks.length];
        for (int j = 0; j < sinks.length; j++) {
            last[j] = futures[sinks[j]];
        }
        return CompletableFuture.allOf(last).join();
    }

    // ---- the shapes ----

    static int[][] chains() {
        int[][] parents = new int[TASKS][];
        for (int i = 0; i < TASKS; i++) {
            parents[i] = i % CHAIN_LENGTH == 0 ? NO_PARENTS : new int[] {i - 1};
        }
        return parents;
    }

    static int[][] fanOutFanIn() {
        int[][] parents = new int[TASKS][];
        for (int s = 0; s < STAGES; s++) {
            int head = s * STAGE_WIDTH;
            int tail = head + STAGE_WIDTH - 1;
            parents[head] = s == 0 ? NO_PARENTS : new int[] {head - 1};
            int[] middle = new int[STAGE_WIDTH - 2];
            for (int m = 0; m < middle.length; m++) {
                middle[m] = head + 1 + m;
                parents[head + 1 + m] = new int[] {head};
            }
            parents[tail] = middle;
        }
        return parents;
    }

    static int[][] randomLayered() {
        SplittableRandom random = new SplittableRandom(SEED);
        int[][] parents = new int[TASKS][];
        for (int i = 0; i < LAYER_WIDTH; i++) {
            parents[i] = NO_PARENTS;
        }
        for (int layer = 1; layer < LAYERS; layer++) {
            int previous = (layer - 1) * LAYER_WIDTH;
            for (int i = layer * LAYER_WIDTH; i < (layer + 1) * LAYER_WIDTH; i++) {
                int[] p = new int[random.nextInt(1, 4)];
                for (int j = 0; j < p.length; j++) {
                    int candidate;
                    do {
                        candidate = previous + random.nextInt(LAYER_WIDTH);
                    } while (contains(p, j, candidate));
                    p[j] = candidate;
                }
                parents[i] = p;
            }
        }
        return parents;
    }

    private static boolean contains(int[] values, int length, int value) {
        for (int i = 0; i < length; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }

    static int[] sinks(int[][] parents) {
        boolean[] hasChild = new boolean[parents.length];
        for (int[] p : parents) {
            for (int parent : p) {
                hasChild[parent] = true;
            }
        }
        int count = 0;
        for (boolean b : hasChild) {
            count += b ? 0 : 1;
        }
        int[] sinks = new int[count];
        for (int i = 0, k = 0; i < parents.length; i++) {
            if (!hasChild[i]) {
                sinks[k++] = i;
            }
        }
        return sinks;
    }
}
