package io.htcengine.jmh;

import io.htcengine.api.Session;
import io.htcengine.api.SessionSummary;
import io.htcengine.api.TaskSpec;
import io.htcengine.jmh.PriorityThroughputBenchmark.EngineState;
import io.htcengine.jmh.PriorityThroughputBenchmark.ForkJoinState;
import io.htcengine.jmh.PriorityThroughputBenchmark.TpeState;
import io.htcengine.jmh.PriorityThroughputBenchmark.Workload;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Scenario S2 of issue 9: the S1 workload of {@link PriorityThroughputBenchmark} (no-op tasks, random priorities
 * 1-10 from a seeded array, submit to completion) with <b>two producer threads submitting at once</b>. One invocation
 * is one batch of {@value #TASKS} tasks: the JMH thread hands the second half of the batch to a second producer
 * thread (one thread per trial, kept in {@link Producers}), submits the first half itself, waits for the second
 * producer to finish submitting, then waits until every task of the batch has completed.
 * {@code @OperationsPerInvocation} turns the score into <b>tasks per second</b>, end to end. The hand-off to the
 * second producer is one {@code ExecutorService.submit} per 100,000 tasks, negligible.
 * <ul>
 *   <li>{@link #engine} — both producers submit into one {@link Session} (safe from any thread); the JMH thread
 *       seals it once both halves are in and joins {@link Session#future()}.</li>
 *   <li>{@link #tpePriorityBlockingQueue} — both producers {@code execute()} into one {@link ThreadPoolExecutor}
 *       ({@code workers} threads, prestarted) over a {@link PriorityBlockingQueue}; the tasks are
 *       {@link PriorityThroughputBenchmark.PrioritizedNoOp}s counting down one latch.</li>
 *   <li>{@link #forkJoin} — both producers {@code execute()} into one {@link ForkJoinPool} of {@code workers}
 *       threads; no priorities, a reference point.</li>
 * </ul>
 * Thread counts: two producers plus {@code workers} (plus the engine's scheduler and listener threads). On a
 * 2-core machine everything is oversubscribed; docs/performance.md records the machine with each figure.
 *
 * <p>Run (after {@code mvn -o -q -pl jmh package} from the repository root):
 * <pre>
 * java -jar jmh/target/benchmarks.jar TwoProducerThroughput -f 1 -wi 3 -w 2s -i 5 -r 2s
 * java -jar jmh/target/benchmarks.jar TwoProducerThroughput -p workers=1,2 -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(TwoProducerThroughputBenchmark.TASKS)
public class TwoProducerThroughputBenchmark {
    /** Tasks per invocation (one batch), half submitted by each producer. */
    public static final int TASKS = PriorityThroughputBenchmark.TASKS;
    private static final int HALF = TASKS / 2;

    /** The second producer: one thread for the whole trial, given one half-batch per invocation. */
    @State(Scope.Benchmark)
    public static class Producers {
        ExecutorService second;

        @Setup(Level.Trial)
        public void setUp() {
            second = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "bench-producer-2");
                t.setDaemon(true);
                return t;
            });
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            second.shutdown();
            if (!second.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the second producer did not terminate within 30 s");
            }
        }
    }

    // The workload (the same seeded priorities), the engine and the executors are S1's own states, so the two
    // scenarios differ only in the number of producers.

    /** The engine: two producers fill one session of {@value #TASKS} no-op tasks; sealed and awaited. */
    @Benchmark
    public SessionSummary engine(Workload workload, Producers producers, EngineState state)
        throws InterruptedException, ExecutionException {
        Session session = state.engine.openSession();
        int[] priorities = workload.priorities;
        TaskSpec<Object, Object>[] specs = state.specs;
        Future<?> secondHalf = producers.second.submit(() -> {
            for (int i = HALF; i < TASKS; i++) {
                session.submit(specs[priorities[i]], null);
            }
        });
        for (int i = 0; i < HALF; i++) {
            session.submit(specs[priorities[i]], null);
        }
        secondHalf.get();
        session.seal();
        return PriorityThroughputBenchmark.requireAllCompleted(session.future().join(), TASKS);
    }

    /** The baseline: two producers {@code execute()} into one TPE over a {@code PriorityBlockingQueue}. */
    @Benchmark
    public long tpePriorityBlockingQueue(Workload workload, Producers producers, TpeState state)
        throws InterruptedException, ExecutionException {
        CountDownLatch done = new CountDownLatch(TASKS);
        int[] priorities = workload.priorities;
        ThreadPoolExecutor tpe = state.tpe;
        Future<?> secondHalf = producers.second.submit(() -> {
            for (int i = HALF; i < TASKS; i++) {
                tpe.execute(new PriorityThroughputBenchmark.PrioritizedNoOp(priorities[i], i, done));
            }
        });
        for (int i = 0; i < HALF; i++) {
            tpe.execute(new PriorityThroughputBenchmark.PrioritizedNoOp(priorities[i], i, done));
        }
        secondHalf.get();
        done.await();
        return tpe.getCompletedTaskCount();
    }

    /** A reference point without priorities: two producers {@code execute()} into one {@code ForkJoinPool}. */
    @Benchmark
    public long forkJoin(Producers producers, ForkJoinState state) throws InterruptedException, ExecutionException {
        CountDownLatch done = new CountDownLatch(TASKS);
        Runnable task = done::countDown;
        ForkJoinPool pool = state.pool;
        Future<?> secondHalf = producers.second.submit(() -> {
            for (int i = HALF; i < TASKS; i++) {
                pool.execute(task);
            }
        });
        for (int i = 0; i < HALF; i++) {
            pool.execute(task);
        }
        secondHalf.get();
        done.await();
        return done.getCount();
    }
}
