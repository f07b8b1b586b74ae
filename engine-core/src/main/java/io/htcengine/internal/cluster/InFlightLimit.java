package io.htcengine.internal.cluster;

/**
 * How many tasks a node of local worker threads takes at once — its slots — adapted to how fast it finishes them.
 *
 * <p>A worker holds a queue of dispatched tasks so that it runs short tasks back to back, without waiting for the
 * scheduler between two. How deep that queue should be depends on the tasks: for no-op tasks hundreds keep the
 * workers busy across the loop's round trip; for tasks of a second, every queued task is a second that a task of
 * higher priority submitted later waits behind it. So the depth follows Little's law: the node may hold about
 * {@code budgetNs} worth of its recent completion rate — {@code slots = rate × budget} — between
 * {@code minSlots} (two per worker, so a worker never waits for the loop after a long task) and {@code maxSlots}
 * (the configured tasks in flight per worker, times the workers). The rate is measured over windows of at least
 * {@link #WINDOW_NS} on the engine clock; a clock that does not move (a manual clock in tests) leaves the slots
 * where they started.
 *
 * <p>Threading: scheduler loop only.
 */
final class InFlightLimit {
    static final long WINDOW_NS = 1_000_000L;

    private final long minSlots;
    private final long maxSlots;
    private final long budgetNs;
    private long windowStartNs;
    private long completed;

    InFlightLimit(int workers, long maxSlots, long budgetNs, long nowNs) {
        this.maxSlots = maxSlots;
        this.minSlots = Math.min(maxSlots, 2L * workers);
        this.budgetNs = budgetNs;
        this.windowStartNs = nowNs;
    }

    /** @return the slots a node starts with, before any rate is known: the old fixed default of 16 per worker. */
    static long initialSlots(int workers, long maxSlots) {
        return Math.min(maxSlots, 16L * workers);
    }

    /** An attempt on the node ended. */
    void completed() {
        completed++;
    }

    /**
     * @return the slots the node should have now, or -1 while the current window is still open
     */
    long target(long nowNs) {
        long elapsed = nowNs - windowStartNs;
        if (elapsed < WINDOW_NS) {
            return -1;
        }
        // completed per ns × budget ns, rounded up; in floating point: the product may exceed a long's range.
        double wanted = Math.ceil((double) completed * budgetNs / elapsed);
        windowStartNs = nowNs;
        completed = 0;
        return (long) Math.max(minSlots, Math.min(maxSlots, wanted));
    }
}
