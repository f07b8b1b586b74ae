package io.htcengine.spi;

import io.htcengine.api.EngineClock;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A provisioner for tests and examples: each node is ready a fixed startup delay after it was asked for, as a cloud
 * machine would be. {@link #manual(EngineClock, Duration)} delivers on the engine's (manual) clock when the test
 * calls {@link #deliverDue()}; {@link #realTime(Duration)} delivers from a daemon thread.
 *
 * <p>Threading: any thread.
 */
public final class SimulatedProvisioner implements NodeProvisioner {
    private final EngineClock clock;
    private final long delayNs;
    private final ArrayDeque<long[]> dueNs = new ArrayDeque<>();
    private final ArrayDeque<NodeRequest> waiting = new ArrayDeque<>();
    private final ScheduledExecutorService timer;
    private long released;
    private long provisioned;

    private SimulatedProvisioner(EngineClock clock, Duration delay, boolean realTime) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("delay must be zero or positive, was " + delay);
        }
        this.clock = clock;
        this.delayNs = delay.toNanos();
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

    @Override
    public synchronized void provision(NodeRequest request) {
        provisioned++;
        if (timer != null) {
            timer.schedule((Runnable) request::ready, delayNs, TimeUnit.NANOSECONDS);
            return;
        }
        dueNs.add(new long[] {clock.nanoTime() + delayNs});
        waiting.add(request);
    }

    /** Manual mode: makes ready every node whose delay has passed on the clock. @return how many */
    public synchronized int deliverDue() {
        int n = 0;
        long now = clock.nanoTime();
        while (!dueNs.isEmpty() && dueNs.peek()[0] <= now) {
            dueNs.poll();
            waiting.poll().ready();
            n++;
        }
        return n;
    }

    @Override
    public synchronized void release(String pool, String nodeName) {
        released++;
    }

    /** @return nodes asked for so far. */
    public synchronized long provisioned() {
        return provisioned;
    }

    /** @return nodes given back so far. */
    public synchronized long released() {
        return released;
    }

    /** @return nodes asked for and not yet ready (manual mode). */
    public synchronized int inFlight() {
        return waiting.size();
    }
}
