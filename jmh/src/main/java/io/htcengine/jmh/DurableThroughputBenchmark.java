package io.htcengine.jmh;

import io.htcengine.api.Durability;
import io.htcengine.api.DurableContext;
import io.htcengine.api.DurableTask;
import io.htcengine.api.DurableTasks;
import io.htcengine.api.Engine;
import io.htcengine.api.Persistence;
import io.htcengine.api.TaskContext;
import io.htcengine.api.TaskSpec;
import io.htcengine.sqlite.SqliteStore;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Scenario S6: durable throughput. One operation is <b>one durable no-op task</b>, submitted through
 * {@link Engine#durable()} to an engine built on an engine-sqlite {@link SqliteStore}, run, and completed; the JMH
 * thread submits a batch of {@value #TASKS} tasks per invocation, then waits for every one of them
 * ({@code @OperationsPerInvocation} makes the score <b>tasks per second</b>). Every task journals a submission and
 * three transitions (SUBMITTED→QUEUED→RUNNING→COMPLETED), committed in batches by the store's writer thread.
 * <ul>
 *   <li>{@link #durable} — {@code durability} = {@link Durability#ASYNC} (the default: a submit returns once the
 *       record is queued for the writer; a task counts once it completed in the engine, while its records may
 *       still wait for the writer, but the store's {@code queueCapacity} holds submitters back, so over an
 *       iteration the writer's pace bounds the score) or {@link Durability#SYNC} (a submit returns once its
 *       record is committed; with one producer that is one commit, and with the store's default
 *       {@code sync} = {@code FULL} one fsync, per task).</li>
 *   <li>{@link #inMemory} — the baseline: the same no-op tasks, the same engine settings (name, {@code workers}),
 *       no persistence, submitted with plain {@link Engine#submit} and awaited the same way.</li>
 * </ul>
 * Each trial opens a fresh store file in a new temporary directory and deletes the directory at its end; the file
 * grows during the trial (about 110 bytes of rows per task), which is part of what is measured. One batch size for
 * both modes, because {@code @OperationsPerInvocation} is fixed per method: {@value #TASKS} tasks take 0.5-1 s in
 * SYNC on the project's machine and a few hundredths of a second in ASYNC, so a 2 s iteration holds a few SYNC
 * batches and many ASYNC ones. The in-memory baseline pays the same per-batch cost (its pipeline drains at the end of
 * every batch), so the ratios compare like with like; its absolute rate is below S1's 100,000-task sessions.
 *
 * <p>The engine runs a scheduler, a listener and {@code workers} worker threads; with persistence the store adds its
 * writer thread, which on a two-core machine competes with all of them for the CPU.
 *
 * <p>Run (after {@code mvn -o -q -pl jmh -am package -DskipTests -Djmh.smoke.skip} from the repository root):
 * <pre>
 * java -jar jmh/target/benchmarks.jar DurableThroughput -f 1 -wi 2 -w 2 -i 3 -r 2
 * java -jar jmh/target/benchmarks.jar DurableThroughputBenchmark.durable -p durability=SYNC -p sync=NORMAL
 * java -jar jmh/target/benchmarks.jar DurableThroughput -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(DurableThroughputBenchmark.TASKS)
public class DurableThroughputBenchmark {
    /** Tasks per invocation (one batch). */
    public static final int TASKS = 5_000;
    private static final String HANDLER = "no-op";
    private static final byte[] INPUT = new byte[8];
    private static final byte[] OUTPUT = new byte[0];

    /** The engine settings both methods share. */
    @State(Scope.Benchmark)
    public static class Workload {
        /** Worker threads of the engine's local node. */
        @Param("2")
        public int workers;
    }

    /** An engine on a fresh store in a temporary directory, per trial. Only {@link #durable} builds it. */
    @State(Scope.Benchmark)
    public static class DurableState {
        /** When a durable submit returns: ASYNC (queued for the writer) or SYNC (committed). */
        @Param({"ASYNC", "SYNC"})
        public Durability durability;

        /** The store's commit mode: FULL (fsync every commit, the store's default) or NORMAL. */
        @Param("FULL")
        public SqliteStore.Sync sync;

        Path dir;
        SqliteStore store;
        Engine engine;
        DurableTask task;

        @Setup(Level.Trial)
        public void setUp(Workload workload) throws IOException {
            dir = Files.createTempDirectory("htc-s6-");
            store = SqliteStore.at(dir.resolve("s6.db")).sync(sync).open();
            Persistence persistence = Persistence.to(store).durability(durability)
                .handler(HANDLER, DurableThroughputBenchmark::durableNoOp);
            engine = Engine.builder().name("bench").workerThreads(workload.workers).persistence(persistence).build();
            task = DurableTask.of(HANDLER, INPUT).build();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            try {
                engine.close();
                store.close();
            } finally {
                deleteTree(dir);
            }
        }
    }

    /** The same engine settings without persistence. Only {@link #inMemory} builds it. */
    @State(Scope.Benchmark)
    public static class InMemoryState {
        Engine engine;
        TaskSpec<byte[], byte[]> spec;

        @Setup(Level.Trial)
        public void setUp(Workload workload) {
            engine = Engine.builder().name("bench").workerThreads(workload.workers).build();
            spec = TaskSpec.of(DurableThroughputBenchmark::inMemoryNoOp).name(HANDLER).build();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            engine.close();
        }
    }

    private static byte[] durableNoOp(byte[] input, DurableContext context) {
        return OUTPUT;
    }

    private static byte[] inMemoryNoOp(byte[] input, TaskContext context) {
        return OUTPUT;
    }

    /** Durable: {@value #TASKS} tasks through {@code engine.durable().submit}, each awaited. */
    @Benchmark
    public Object durable(DurableState state) {
        DurableTasks durable = state.engine.durable();
        DurableTask task = state.task;
        CompletableFuture<?>[] futures = new CompletableFuture<?>[TASKS];
        for (int i = 0; i < TASKS; i++) {
            futures[i] = durable.submit(task).task().future();
        }
        return awaitAll(futures);
    }

    /** The baseline: {@value #TASKS} of the same no-op tasks through plain {@code engine.submit}, each awaited. */
    @Benchmark
    public Object inMemory(InMemoryState state) {
        Engine engine = state.engine;
        TaskSpec<byte[], byte[]> spec = state.spec;
        CompletableFuture<?>[] futures = new CompletableFuture<?>[TASKS];
        for (int i = 0; i < TASKS; i++) {
            futures[i] = engine.submit(spec, INPUT).future();
        }
        return awaitAll(futures);
    }

    /** Joins every future (a failed task throws, and the benchmark fails); returns the last output. */
    private static Object awaitAll(CompletableFuture<?>[] futures) {
        Object last = null;
        for (CompletableFuture<?> future : futures) {
            last = future.join();
        }
        return last;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
