package io.htcengine.api;

import java.time.Duration;

/**
 * How often a failed task is tried again and how long it waits between attempts.
 * The wait before attempt {@code n + 1} is {@code min(maxBackoff, initialBackoff × 2^(n-1))}.
 * Immutable; validated when built.
 */
public final class RetryPolicy {
    private static final RetryPolicy NONE = new RetryPolicy(1, 0, 0);

    private final int maxAttempts;
    private final long initialBackoffNs;
    private final long maxBackoffNs;

    private RetryPolicy(int maxAttempts, long initialBackoffNs, long maxBackoffNs) {
        this.maxAttempts = maxAttempts;
        this.initialBackoffNs = initialBackoffNs;
        this.maxBackoffNs = maxBackoffNs;
    }

    /** @return one attempt, no retry. The engine's default. */
    public static RetryPolicy none() {
        return NONE;
    }

    /**
     * @param maxAttempts    total attempts including the first, 1 to 1000
     * @param initialBackoff wait before the first retry, zero or positive
     * @param maxBackoff     ceiling on any wait, at least {@code initialBackoff}
     */
    public static RetryPolicy exponential(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        Validate.range("maxAttempts", maxAttempts, 1, 1000);
        Validate.notNull("initialBackoff", initialBackoff);
        Validate.notNull("maxBackoff", maxBackoff);
        if (initialBackoff.isNegative()) {
            throw new IllegalArgumentException("initialBackoff must be zero or positive, was " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                "maxBackoff must be at least initialBackoff (" + initialBackoff + "), was " + maxBackoff);
        }
        return new RetryPolicy(maxAttempts, initialBackoff.toNanos(), maxBackoff.toNanos());
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * @param failedAttempt the attempt that just failed, from 1
     * @return the wait in nanoseconds before the next attempt
     */
    public long backoffNs(int failedAttempt) {
        long delay = initialBackoffNs;
        for (int i = 1; i < failedAttempt && delay < maxBackoffNs; i++) {
            delay = delay > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : delay * 2;
        }
        return Math.min(delay, maxBackoffNs);
    }

    @Override
    public String toString() {
        return "RetryPolicy{maxAttempts=" + maxAttempts + ", initialBackoffNs=" + initialBackoffNs
            + ", maxBackoffNs=" + maxBackoffNs + '}';
    }
}
