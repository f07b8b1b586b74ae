package io.htcengine.api;

import io.htcengine.internal.Validate;

import java.time.Duration;
import java.util.List;

/**
 * How often a failed task is tried again, how long it waits in between, and which failures are worth a retry.
 * Immutable; validated when built.
 *
 * <p><b>Backoff.</b> After failed attempt {@code n} (from 1) the task waits
 * <pre>
 *   base(n)  = min(maxBackoff, initialBackoff × 2^(n-1))
 *   delay(n) = base(n) × (1 − jitter × u),   u uniform in [0, 1)
 * </pre>
 * so every delay lies in {@code (base(n) × (1 − jitter), base(n)]}. With jitter 0 (the default) the delay is
 * exactly {@code base(n)}. The engine draws {@code u} from its own seeded generator, so a run on a manual clock
 * is repeatable.
 *
 * <p><b>Which failures.</b> With no {@link #retryOn} list every exception is retried, except those listed by
 * {@link #noRetryOn}; with a list, only exceptions of those types (or their subtypes) are, still minus
 * {@code noRetryOn}. A task that ran longer than its timeout failed with a {@link TaskTimeoutException}.
 */
public final class RetryPolicy {
    private static final RetryPolicy NONE = new RetryPolicy(1, 0, 0, 0, List.of(), List.of());

    private final int maxAttempts;
    private final long initialBackoffNs;
    private final long maxBackoffNs;
    private final double jitter;
    private final List<Class<? extends Throwable>> retryOn;
    private final List<Class<? extends Throwable>> noRetryOn;

    private RetryPolicy(int maxAttempts, long initialBackoffNs, long maxBackoffNs, double jitter,
                        List<Class<? extends Throwable>> retryOn, List<Class<? extends Throwable>> noRetryOn) {
        this.maxAttempts = maxAttempts;
        this.initialBackoffNs = initialBackoffNs;
        this.maxBackoffNs = maxBackoffNs;
        this.jitter = jitter;
        this.retryOn = retryOn;
        this.noRetryOn = noRetryOn;
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
        Validate.nonNegative("initialBackoff", initialBackoff);
        Validate.nonNegative("maxBackoff", maxBackoff);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                "maxBackoff must be at least initialBackoff (" + initialBackoff + "), was " + maxBackoff);
        }
        return new RetryPolicy(maxAttempts, initialBackoff.toNanos(), maxBackoff.toNanos(), 0, List.of(), List.of());
    }

    /**
     * @param jitter the fraction of each delay that is random, 0 (none) to 1 (anything from 0 to the base delay)
     * @return this policy with that jitter
     */
    public RetryPolicy withJitter(double jitter) {
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be between 0.0 and 1.0, was " + jitter);
        }
        return new RetryPolicy(maxAttempts, initialBackoffNs, maxBackoffNs, jitter, retryOn, noRetryOn);
    }

    // ---- persistence (issue 7): a recovered durable task resumes with the attempts it has left ----

    /** @return this policy with {@code maxAttempts} total attempts, 1 to 1000, and everything else unchanged. */
    public RetryPolicy withMaxAttempts(int maxAttempts) {
        Validate.range("maxAttempts", maxAttempts, 1, 1000);
        return new RetryPolicy(maxAttempts, initialBackoffNs, maxBackoffNs, jitter, retryOn, noRetryOn);
    }

    /** @return this policy retrying only failures of these types (and their subtypes); at least one type. */
    @SafeVarargs
    public final RetryPolicy retryOn(Class<? extends Throwable>... types) {
        return new RetryPolicy(maxAttempts, initialBackoffNs, maxBackoffNs, jitter, types("retryOn", types), noRetryOn);
    }

    /** @return this policy never retrying failures of these types (and their subtypes); at least one type. */
    @SafeVarargs
    public final RetryPolicy noRetryOn(Class<? extends Throwable>... types) {
        return new RetryPolicy(maxAttempts, initialBackoffNs, maxBackoffNs, jitter, retryOn, types("noRetryOn", types));
    }

    private static List<Class<? extends Throwable>> types(String field, Class<? extends Throwable>[] types) {
        if (types == null || types.length == 0) {
            throw new IllegalArgumentException(field + " needs at least one exception type");
        }
        for (Class<? extends Throwable> t : types) {
            Validate.notNull(field + " type", t);
        }
        return List.of(types);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public double jitter() {
        return jitter;
    }

    /** @return whether a failure with this exception may be retried (attempts permitting). */
    public boolean retries(Throwable failure) {
        Validate.notNull("failure", failure);
        for (Class<? extends Throwable> t : noRetryOn) {
            if (t.isInstance(failure)) {
                return false;
            }
        }
        if (retryOn.isEmpty()) {
            return true;
        }
        for (Class<? extends Throwable> t : retryOn) {
            if (t.isInstance(failure)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param failedAttempt the attempt that just failed, from 1
     * @return {@code base(n)}: the longest wait in nanoseconds before the next attempt
     */
    public long backoffNs(int failedAttempt) {
        Validate.range("failedAttempt", failedAttempt, 1, Integer.MAX_VALUE);
        long delay = initialBackoffNs;
        for (int i = 1; i < failedAttempt && delay < maxBackoffNs; i++) {
            delay = delay > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : delay * 2;
        }
        return Math.min(delay, maxBackoffNs);
    }

    /**
     * @param failedAttempt the attempt that just failed, from 1
     * @param u             a uniform random number in [0, 1)
     * @return {@code delay(n)} in nanoseconds
     */
    public long backoffNs(int failedAttempt, double u) {
        if (!(u >= 0 && u < 1)) {
            throw new IllegalArgumentException("u must be a number in [0, 1), was " + u);
        }
        long base = backoffNs(failedAttempt);
        return jitter == 0 ? base : (long) Math.ceil(base * (1 - jitter * u));
    }

    @Override
    public String toString() {
        return "RetryPolicy{maxAttempts=" + maxAttempts + ", initialBackoffNs=" + initialBackoffNs
            + ", maxBackoffNs=" + maxBackoffNs + ", jitter=" + jitter + ", retryOn=" + retryOn
            + ", noRetryOn=" + noRetryOn + '}';
    }
}
