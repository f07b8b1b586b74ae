package io.htcengine.jmh;

import io.htcengine.api.TaskContext;
import io.htcengine.api.TaskSpec;
import io.htcengine.internal.lane.Lanes;
import io.htcengine.internal.task.Task;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.atomic.MpscAtomicArrayQueue;
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

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * How a vector submit should put its tasks into the priority lanes (ten {@link MpscAtomicArrayQueue}s, as in the
 * engine's {@code Lanes}): {@value #TASKS} tasks, built once, offered in order, one thread, lanes large enough for all
 * of them. Only the offers are timed; the lanes are emptied after each invocation, untimed.
 * <ul>
 *   <li>{@link #offerEach} — one {@code offer} per task: one CAS on the lane's producer index per task.</li>
 *   <li>{@link #fillRuns} — each run of consecutive tasks of equal priority goes in with {@code fill(supplier, run)},
 *       which claims the run's slots with one CAS and then stores them.</li>
 *   <li>{@link #fillLongRuns} — the engine's own {@link Lanes#offerAll}: {@code offer} for a run of one,
 *       {@code fill} for longer runs.</li>
 * </ul>
 * Patterns: {@code random} — the seeded random priorities of {@link PriorityThroughputBenchmark} (runs of 1.1 tasks on
 * average); {@code sorted} — the same tasks sorted by priority (ten runs); {@code single} — one priority (one run).
 *
 * <p>Run (after {@code mvn -o -q -pl engine-core,jmh -am package -DskipTests} from the repository root):
 * <pre>
 * java -jar jmh/target/benchmarks.jar LaneBatchOffer -f 2 -wi 5 -w 1s -i 5 -r 1s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(LaneBatchOfferBenchmark.TASKS)
public class LaneBatchOfferBenchmark {
    static final int TASKS = PriorityThroughputBenchmark.TASKS;
    private static final long SEED = 0x5EED_2025L;

    @Param({"random", "sorted", "single"})
    public String pattern;

    private Task[] tasks;
    private MpscAtomicArrayQueue<Task>[] lanes;
    private Lanes engineLanes;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() {
        TaskSpec<Object, Object>[] specs = new TaskSpec[TaskSpec.MAX_PRIORITY + 1];
        for (int p = TaskSpec.MIN_PRIORITY; p <= TaskSpec.MAX_PRIORITY; p++) {
            specs[p] = TaskSpec.of((Object x, TaskContext c) -> x).priority(p).build();
        }
        SplittableRandom random = new SplittableRandom(SEED);
        tasks = new Task[TASKS];
        for (int i = 0; i < TASKS; i++) {
            int p = pattern.equals("single") ? 5 : random.nextInt(TaskSpec.MIN_PRIORITY, TaskSpec.MAX_PRIORITY + 1);
            tasks[i] = new Task(i + 1, specs[p], null, null, 0L);
        }
        if (pattern.equals("sorted")) {
            Arrays.sort(tasks, Comparator.comparingInt(Task::priority));
        }
        lanes = new MpscAtomicArrayQueue[TaskSpec.MAX_PRIORITY];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new MpscAtomicArrayQueue<>(TASKS);
        }
        engineLanes = new Lanes(TASKS);
    }

    @TearDown(Level.Invocation)
    public void drain() {
        int n = 0;
        for (MpscAtomicArrayQueue<Task> lane : lanes) {
            while (lane.relaxedPoll() != null) {
                n++;
            }
        }
        for (int rank = 0; rank < Task.RANKS; rank++) { // the engine's lanes are by rank: two per priority
            while (engineLanes.poll(rank) != null) {
                n++;
            }
        }
        if (n != TASKS) {
            throw new IllegalStateException("offered " + n + " tasks, not " + TASKS);
        }
    }

    @Benchmark
    public int offerEach() {
        Task[] ts = tasks;
        MpscAtomicArrayQueue<Task>[] ls = lanes;
        for (int k = 0; k < ts.length; k++) {
            if (!ls[ts[k].priority() - 1].offer(ts[k])) {
                return k;
            }
        }
        return ts.length;
    }

    @Benchmark
    public int fillRuns() {
        return fill(tasks, lanes);
    }

    @Benchmark
    public int fillLongRuns() {
        return engineLanes.offerAll(tasks, 0, tasks.length);
    }

    private static int fill(Task[] ts, MpscAtomicArrayQueue<Task>[] ls) {
        Cursor cursor = new Cursor(ts);
        int k = 0;
        while (k < ts.length) {
            int priority = ts[k].priority();
            int end = k + 1;
            while (end < ts.length && ts[end].priority() == priority) {
                end++;
            }
            MpscAtomicArrayQueue<Task> lane = ls[priority - 1];
            cursor.next = k;
            while (k < end) {
                int filled = lane.fill(cursor, end - k);
                if (filled == 0) {
                    return k;
                }
                k += filled;
            }
        }
        return k;
    }

    private static final class Cursor implements MessagePassingQueue.Supplier<Task> {
        private final Task[] tasks;
        int next;

        Cursor(Task[] tasks) {
            this.tasks = tasks;
        }

        @Override
        public Task get() {
            return tasks[next++];
        }
    }
}
