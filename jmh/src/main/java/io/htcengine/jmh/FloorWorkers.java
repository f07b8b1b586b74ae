package io.htcengine.jmh;

import org.jctools.queues.atomic.MpscAtomicArrayQueue;
import org.jctools.queues.atomic.SpscAtomicArrayQueue;

import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The worker side of the floor diagnostics ({@link HandOffFloor}, {@link DagFloorBenchmark}): worker threads, each
 * with an SPSC queue the scheduler thread fills, that run each job and offer it back through one MPSC completion
 * queue. An idle worker raises its parked flag, looks at its queue once more and parks; the scheduler, after a round of
 * offers and one full fence, unparks the ones that raised it ({@link #wakeParked}). A worker that completes a job
 * unparks the scheduler if it announced a park ({@link #schedulerParked}).
 *
 * @param <J> the job type
 */
final class FloorWorkers<J> {

    /** One worker: its queue, its parked flag, and what the scheduler gave it and has not counted back. */
    static final class Slot<J> {
        final SpscAtomicArrayQueue<J> queue;
        volatile boolean parked;
        Thread thread;
        int held; // scheduler only

        Slot(int depth) {
            queue = new SpscAtomicArrayQueue<>(2 * depth);
        }
    }

    final Slot<J>[] slots;
    final MpscAtomicArrayQueue<J> completions = new MpscAtomicArrayQueue<>(1 << 16);
    /** Worker parks, counted. */
    final LongAdder parks = new LongAdder();
    private final int depth;
    private final Consumer<J> run;
    private volatile boolean schedulerParked;
    private volatile boolean stopped;
    private Thread scheduler;

    /**
     * @param depth the most jobs a worker holds at once ({@link #leastLoaded} gives none beyond it)
     * @param run   what a worker does with a job before it offers it back
     */
    @SuppressWarnings("unchecked")
    FloorWorkers(int count, int depth, Consumer<J> run) {
        this.depth = depth;
        this.run = run;
        slots = new Slot[count];
        for (int w = 0; w < count; w++) {
            slots[w] = new Slot<>(depth);
        }
    }

    /** Starts the workers, which wake {@code schedulerThread} when it has announced a park. */
    void start(String namePrefix, Thread schedulerThread) {
        scheduler = schedulerThread;
        for (int w = 0; w < slots.length; w++) {
            Slot<J> slot = slots[w];
            slot.thread = new Thread(() -> runWorker(slot), namePrefix + w);
            slot.thread.setDaemon(true);
            slot.thread.start();
        }
    }

    void stop() throws InterruptedException {
        stopped = true;
        for (Slot<J> slot : slots) {
            LockSupport.unpark(slot.thread);
            slot.thread.join(10_000);
        }
    }

    /** Scheduler thread: the index of the worker holding the fewest jobs, or -1 if every one holds {@code depth}. */
    int leastLoaded() {
        int best = -1;
        int least = depth;
        for (int w = 0; w < slots.length; w++) {
            if (slots[w].held < least) {
                least = slots[w].held;
                best = w;
            }
        }
        return best;
    }

    /** Scheduler thread: gives {@code job} to worker {@code w}. */
    void give(int w, J job) {
        Slot<J> slot = slots[w];
        slot.held++;
        slot.queue.offer(job);
    }

    /** Scheduler thread, after its offers: unparks worker {@code w} if it parked (one fence per call). */
    void wakeParked(int w) {
        VarHandle.fullFence(); // our offers before their flags: pairs with the workers' volatile stores
        if (slots[w].parked) {
            LockSupport.unpark(slots[w].thread);
        }
    }

    /** Scheduler thread, after a round of offers: unparks every worker that parked, after one fence. */
    void wakeParked() {
        VarHandle.fullFence();
        for (Slot<J> slot : slots) {
            if (slot.parked) {
                LockSupport.unpark(slot.thread);
            }
        }
    }

    /**
     * Scheduler thread, after a cycle that did no work: spins, then yields, then announces a park and parks for up to
     * 1 ms if no completion is waiting and {@code quiet} holds.
     *
     * @return the count of idle cycles, this one included
     */
    int idle(int idle, BooleanSupplier quiet) {
        if (++idle > 30) {
            schedulerParked = true; // a volatile store, then a look at the queue: pairs with the workers' offers
            if (completions.isEmpty() && quiet.getAsBoolean()) {
                LockSupport.parkNanos(this, 1_000_000);
            }
            schedulerParked = false;
        } else if (idle > 10) {
            Thread.yield();
        } else {
            Thread.onSpinWait();
        }
        return idle;
    }

    private void runWorker(Slot<J> slot) {
        while (!stopped) {
            J job = slot.queue.relaxedPoll();
            if (job == null) {
                slot.parked = true; // a volatile store, then a look at the queue: pairs with the scheduler's fence
                if (slot.queue.isEmpty() && !stopped) {
                    parks.increment();
                    LockSupport.park(this);
                }
                slot.parked = false;
                continue;
            }
            run.accept(job);
            while (!completions.offer(job)) {
                Thread.yield();
            }
            wakeScheduler();
        }
    }

    /** Any thread, after it offered the scheduler something: unparks it if it announced a park. */
    void wakeScheduler() {
        if (schedulerParked) {
            LockSupport.unpark(scheduler);
        }
    }
}
