package io.htcengine.spi;

import io.htcengine.api.EngineClock;
import io.htcengine.internal.Validate;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A provisioner for tests and examples: each node is ready a fixed startup delay after it was asked for, as a cloud
 * machine would be. {@link #manual(EngineClock, Duration)} delivers on the engine's (manual) clock when the test
 * calls {@link #deliverDue()}; {@link #realTime(Duration)} delivers from a daemon thread.
 *
 * <p>Threading: any thread.
 */
public final class SimulatedProvisioner implements NodeProvisioner {
    /** A node asked for and when it is due; with one delay for all, the queue is in due order. */
    private record Pending(long dueNs, NodeRequest request) {
    }

    private final EngineClock clock;
    private final long delayNs;
    private final ConcurrentLinkedQueue<Pending> waiting = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService timer;
    private final AtomicLong released = new AtomicLong();
    private final AtomicLong provisioned = new AtomicLong();

    private SimulatedProvisioner(EngineClock clock, Duration delay, boolean realTime) {
        this.clock = clock;
        this.delayNs = nonNegativeNs("delay", delay);
        this.timer = realTime ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "simulated-provisioner");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /** Nodes become ready when {@link #deliverDue()} is called at or after {@code delay} on {@code clock}. */
    public static SimulatedProvisioner manual(EngineClock clock, Duration delay) {
        if (clock == null) {
            throw new IllegalArgumentException("clock must not be null");
        }
        return new SimulatedProvisioner(clock, delay, false);
    }

    /** Nodes become ready {@code delay} of wall time after they were asked for. */
    public static SimulatedProvisioner realTime(Duration delay) {
        return new SimulatedProvisioner(EngineClock.system(), delay, true);
    }

    /** Called on the scheduler thread: takes no lock. */
    @Override
    public void provision(NodeRequest request) {
        provisioned.incrementAndGet();
        if (timer != null) {
            timer.schedule((Runnable) request::ready, delayNs, TimeUnit.NANOSECONDS);
        } else {
            waiting.add(new Pending(clock.nanoTime() + delayNs, request));
        }
    }

    /** Manual mode, from one thread: makes ready every node whose delay has passed on the clock. @return how many */
    public int deliverDue() {
        int n = 0;
        long now = clock.nanoTime();
        for (Pending p; (p = waiting.peek()) != null && p.dueNs <= now; n++) {
            waiting.poll();
            p.request.ready();
        }
        return n;
    }

    @Override
    public void release(String pool, String nodeName) {
        released.incrementAndGet();
    }

    /** @return nodes asked for so far. */
    public long provisioned() {
        return provisioned.get();
    }

    /** @return nodes given back so far. */
    public long released() {
        return released.get();
    }

    /** @return nodes asked for and not yet ready (manual mode). */
    public int inFlight() {
        return waiting.size();
    }

    /**
     * @return {@code value} in nanoseconds, after checking it is from zero to {@link Validate#MAX_DURATION} (36,500
     *         days, the longest duration the engine takes); the message names {@code field}, also for a null
     */
    static long nonNegativeNs(String field, Duration value) {
        if (value == null || value.isNegative() || value.compareTo(Validate.MAX_DURATION) > 0) {
            throw new IllegalArgumentException(field + " must be zero or positive and at most 36500 days, was " + value);
        }
        return value.toNanos();
    }
}
