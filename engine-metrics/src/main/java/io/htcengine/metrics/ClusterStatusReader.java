package io.htcengine.metrics;

import io.htcengine.api.Cluster;
import io.htcengine.api.ClusterStatus;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads a fresh {@link ClusterStatus} for each scrape. {@link Cluster#status()} sends a command to the scheduler
 * loop, which builds the report between two duty cycles and hands it to the listener thread; the scrape waits for
 * it at most {@code timeout}, and when it does not come (the loop is busy, the engine is stopped, or an invoker-mode
 * engine is not being driven) the scrape goes on without cluster figures and the miss is counted. Nothing here
 * blocks the scheduler.
 *
 * <p>Threading: any thread, except the bound engine's listener thread (which completes the status future: a scrape
 * from there would wait out its timeout).
 */
final class ClusterStatusReader {
    private final Cluster cluster;
    private final long timeoutNs;
    private final AtomicLong misses = new AtomicLong();

    ClusterStatusReader(Cluster cluster, Duration timeout) {
        this.cluster = cluster;
        this.timeoutNs = timeout.toNanos();
    }

    /** @return the cluster's status now, or null if it did not come within the timeout (counted in {@link #misses}). */
    ClusterStatus read() {
        try {
            return cluster.status().get(timeoutNs, TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException | RuntimeException e) { // RuntimeException: engine stopped
            misses.incrementAndGet();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            misses.incrementAndGet();
            return null;
        }
    }

    Cluster cluster() {
        return cluster;
    }

    /** @return status reads that timed out or failed. */
    long misses() {
        return misses.get();
    }
}
