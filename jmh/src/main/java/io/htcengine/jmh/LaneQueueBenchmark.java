package io.htcengine.jmh;

import org.jctools.queues.MpscArrayQueue;
import org.jctools.queues.atomic.MpscAtomicArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Control;

import java.util.concurrent.TimeUnit;

/**
 * The queue behind each priority lane: JCTools' {@link MpscAtomicArrayQueue} (field updaters and atomic arrays; what
 * the engine uses, silent on JDK 24+) against {@link MpscArrayQueue} (the same algorithm on {@code sun.misc.Unsafe},
 * which JDK 24+ warns about at first use). Capacity 65,536, the engine's default lane capacity. The calls are the
 * ones the engine makes: {@code offer} by submitters, {@code relaxedPoll} by the scheduler loop.
 * <ul>
 *   <li>{@code atomicOfferPoll} / {@code unsafeOfferPoll} — one thread offers one element and polls it back: the
 *       uncontended cost of an offer plus a poll, in (offer + poll) pairs per second.</li>
 *   <li>groups {@code atomic1P1C} / {@code unsafe1P1C} — one producer thread offers (spinning while the queue is
 *       full) while one consumer thread polls (spinning while it is empty), as a submitter and the scheduler loop
 *       do. JMH reports the group's score as the sum of both threads; the per-method lines ({@code ...Offer},
 *       {@code ...Poll}) each give the elements moved per second through the queue.</li>
 * </ul>
 *
 * <p>Run (after {@code mvn -o -q -pl jmh package} from the repository root; the group needs two cores to mean much):
 * <pre>
 * java -jar jmh/target/benchmarks.jar LaneQueue -f 1 -wi 3 -w 2s -i 5 -r 2s
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LaneQueueBenchmark {
    private static final Integer ELEMENT = 42;

    /** One thread's atomic queue, for the offer-then-poll loop. */
    @State(Scope.Thread)
    public static class AtomicLane {
        @Param("65536")
        public int capacity;

        MpscAtomicArrayQueue<Integer> queue;

        @Setup(Level.Trial)
        public void setUp() {
            queue = new MpscAtomicArrayQueue<>(capacity);
        }
    }

    /** One thread's Unsafe-based queue, for the offer-then-poll loop. */
    @State(Scope.Thread)
    public static class UnsafeLane {
        @Param("65536")
        public int capacity;

        MpscArrayQueue<Integer> queue;

        @Setup(Level.Trial)
        public void setUp() {
            queue = new MpscArrayQueue<>(capacity);
        }
    }

    /** An atomic queue shared by a producer and a consumer thread. */
    @State(Scope.Group)
    public static class AtomicSharedLane {
        @Param("65536")
        public int capacity;

        MpscAtomicArrayQueue<Integer> queue;

        @Setup(Level.Trial)
        public void setUp() {
            queue = new MpscAtomicArrayQueue<>(capacity);
        }
    }

    /** An Unsafe-based queue shared by a producer and a consumer thread. */
    @State(Scope.Group)
    public static class UnsafeSharedLane {
        @Param("65536")
        public int capacity;

        MpscArrayQueue<Integer> queue;

        @Setup(Level.Trial)
        public void setUp() {
            queue = new MpscArrayQueue<>(capacity);
        }
    }

    // ---- one thread: offer, then poll ----

    @Benchmark
    public Integer atomicOfferPoll(AtomicLane lane) {
        lane.queue.offer(ELEMENT);
        return lane.queue.relaxedPoll();
    }

    @Benchmark
    public Integer unsafeOfferPoll(UnsafeLane lane) {
        lane.queue.offer(ELEMENT);
        return lane.queue.relaxedPoll();
    }

    // ---- one producer, one consumer ----
    // The atomic and Unsafe methods repeat the same spin loop on purpose: a shared helper taking the common
    // MessagePassingQueue interface would make its call sites bimorphic and skew the very comparison measured.

    @Benchmark
    @Group("atomic1P1C")
    @GroupThreads(1)
    public boolean atomicOffer(AtomicSharedLane lane, Control control) {
        MpscAtomicArrayQueue<Integer> queue = lane.queue;
        while (!queue.offer(ELEMENT)) {
            if (control.stopMeasurement) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    @Benchmark
    @Group("atomic1P1C")
    @GroupThreads(1)
    public Integer atomicPoll(AtomicSharedLane lane, Control control) {
        MpscAtomicArrayQueue<Integer> queue = lane.queue;
        Integer e;
        while ((e = queue.relaxedPoll()) == null) {
            if (control.stopMeasurement) {
                return null;
            }
            Thread.onSpinWait();
        }
        return e;
    }

    @Benchmark
    @Group("unsafe1P1C")
    @GroupThreads(1)
    public boolean unsafeOffer(UnsafeSharedLane lane, Control control) {
        MpscArrayQueue<Integer> queue = lane.queue;
        while (!queue.offer(ELEMENT)) {
            if (control.stopMeasurement) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    @Benchmark
    @Group("unsafe1P1C")
    @GroupThreads(1)
    public Integer unsafePoll(UnsafeSharedLane lane, Control control) {
        MpscArrayQueue<Integer> queue = lane.queue;
        Integer e;
        while ((e = queue.relaxedPoll()) == null) {
            if (control.stopMeasurement) {
                return null;
            }
            Thread.onSpinWait();
        }
        return e;
    }
}
