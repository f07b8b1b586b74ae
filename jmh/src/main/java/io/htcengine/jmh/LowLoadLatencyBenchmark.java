package io.htcengine.jmh;

import io.htcengine.api.Engine;
import io.htcengine.api.TaskSpec;
import org.HdrHistogram.Recorder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Scenario S4 of issue 9: <b>submit-to-complete latency at low load</b>, the engine beside a
 * {@link ThreadPoolExecutor} with the same number of workers, in one run.
 *
 * <p>Method. One producer (the JMH thread) sends one no-op task every {@code intervalUs} microseconds on a fixed
 * schedule: send {@code k} is <i>intended</i> at {@code t0 + k × interval}, where {@code t0} is taken when the
 * iteration starts. For each send the producer spin-waits until the intended time, submits the task, waits for its
 * future ({@code join()} / {@code get()}, a blocking wait, as an application would), and records
 * {@code completion − intended send time} in nanoseconds into an HdrHistogram {@link Recorder} ({@link #LATENCY}).
 * Measuring from the intended send time, not from the actual one, is the coordinated-omission correction: when a
 * slow task (or a GC pause, or a descheduled producer) makes the producer late, every send it delays is charged the
 * delay, as an open-loop client would see it; {@code recordValueWithExpectedInterval} is therefore not also applied
 * (it would count the delay twice). At the default 100 µs interval and a latency of a few tens of microseconds the
 * load is well under one busy worker.
 *
 * <p>JMH's primary score is sends per second, a check that the schedule was held (about {@code 1e6 / intervalUs});
 * the latency percentiles come from {@link LatencyProfiler}, which empties {@link #LATENCY} before each iteration
 * and reports p50, p99, p99.9 and max of the iteration in microseconds as secondary results
 * ({@code latency.p50}, {@code latency.p99}, {@code latency.p99.9}, {@code latency.max}). <b>Always run this
 * benchmark with {@code -prof io.htcengine.jmh.LatencyProfiler}</b>; without it only the send rate is reported.
 * <ul>
 *   <li>{@link #engine} — {@code engine.submit(spec, null).future().join()} on an {@link Engine} of {@code workers}
 *       local worker threads (default settings: a scheduler thread and a listener thread besides the workers);
 *       the spec's priority is 5.</li>
 *   <li>{@link #tpe} — {@code tpe.submit(noOp).get()} on a {@link ThreadPoolExecutor} of {@code workers} core = max
 *       threads (prestarted) over a {@link LinkedBlockingQueue}, the executor people reach for first; priorities
 *       play no part at one task in flight.</li>
 * </ul>
 * The producer spins while it waits for the next send, so it occupies one core; on a 2-core machine it competes with
 * the workers (and the engine's scheduler), which docs/performance.md takes into account.
 *
 * <p>Run (after {@code mvn -o -q -pl jmh package} from the repository root):
 * <pre>
 * java -jar jmh/target/benchmarks.jar LowLoadLatency -prof io.htcengine.jmh.LatencyProfiler -f 1 -wi 3 -w 2s -i 5 -r 2s
 * java -jar jmh/target/benchmarks.jar LowLoadLatency -prof io.htcengine.jmh.LatencyProfiler -p intervalUs=50,1000
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LowLoadLatencyBenchmark {
    /** Highest latency the histogram tracks, in nanoseconds; longer ones are recorded as this. */
    static final long HIGHEST_TRACKABLE_NS = TimeUnit.SECONDS.toNanos(60);

    /**
     * Submit-to-complete latencies of the current iteration in nanoseconds, from the intended send time. Written by
     * the benchmark thread; {@link LatencyProfiler} takes interval histograms from it on the JMH control thread
     * (a {@link Recorder} allows that).
     */
    static final Recorder LATENCY = new Recorder(HIGHEST_TRACKABLE_NS, 3);

    /** The send schedule and the worker count; one producer, so one thread's state. */
    @State(Scope.Thread)
    public static class Schedule {
        /** Time between two intended sends, in microseconds. */
        @Param("100")
        public long intervalUs;

        /** Worker threads of the engine's local node and of the executor. */
        @Param("2")
        public int workers;

        long intervalNs;
        long nextSendNs;

        /** Restarts the schedule at each iteration, so JMH's pause between iterations is not charged as latency. */
        @Setup(Level.Iteration)
        public void restart() {
            intervalNs = TimeUnit.MICROSECONDS.toNanos(intervalUs);
            nextSendNs = System.nanoTime() + intervalNs;
        }

        /** Waits until the next intended send time and returns it; advances the schedule by one interval. */
        long awaitNextSend() {
            long intended = nextSendNs;
            while (System.nanoTime() < intended) {
                Thread.onSpinWait();
            }
            nextSendNs = intended + intervalNs;
            return intended;
        }
    }

    /** The engine and its one no-op spec. */
    @State(Scope.Benchmark)
    public static class EngineState {
        Engine engine;
        TaskSpec<Object, Object> spec;

        @Setup(Level.Trial)
        public void setUp(Schedule schedule) {
            engine = Engine.builder().name("bench-s4").workerThreads(schedule.workers).build();
            spec = TaskSpec.of(PriorityThroughputBenchmark::noOp).name("no-op").priority(5).build();
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
        public void setUp(Schedule schedule) {
            tpe = new ThreadPoolExecutor(schedule.workers, schedule.workers, 0L, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>());
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

    private static void record(long intendedNs) {
        LATENCY.recordValue(Math.min(System.nanoTime() - intendedNs, HIGHEST_TRACKABLE_NS));
    }

    /** The engine: one no-op task submitted at the intended time and awaited; latency from the intended time. */
    @Benchmark
    public Object engine(Schedule schedule, EngineState state) {
        long intended = schedule.awaitNextSend();
        Object result = state.engine.submit(state.spec, null).future().join();
        record(intended);
        return result;
    }

    /** The baseline: one no-op {@code Runnable} submitted to the TPE at the intended time and awaited. */
    @Benchmark
    public Object tpe(Schedule schedule, TpeState state) throws Exception {
        long intended = schedule.awaitNextSend();
        Object result = state.tpe.submit(LowLoadLatencyBenchmark::noOpRunnable).get();
        record(intended);
        return result;
    }

    private static void noOpRunnable() {
    }
}
