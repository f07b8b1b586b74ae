package io.htcengine.api;

import io.htcengine.internal.Validate;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to: virtual time for deterministic tests and simulation. Thread-safe. */
public final class ManualClock implements EngineClock {
    private final AtomicLong nowNs;

    public ManualClock() {
        this(0);
    }

    public ManualClock(long startNs) {
        this.nowNs = new AtomicLong(startNs);
    }

    @Override
    public long nanoTime() {
        return nowNs.get();
    }

    /** Moves time forward by {@code step}, which must not be negative nor take the clock past {@code Long.MAX_VALUE}. */
    public void advance(Duration step) {
        Validate.notNull("step", step);
        if (step.isNegative()) {
            throw new IllegalArgumentException("step must not be negative, was " + step);
        }
        long stepNs;
        try {
            stepNs = step.toNanos();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("step must be at most " + Long.MAX_VALUE + " ns, was " + step);
        }
        move("step", stepNs);
    }

    /** Moves time forward by {@code stepNs} nanoseconds, which must not be negative nor take the clock past the max. */
    public void advanceNs(long stepNs) {
        if (stepNs < 0) {
            throw new IllegalArgumentException("stepNs must not be negative, was " + stepNs);
        }
        move("stepNs", stepNs);
    }

    /** Time never wraps around: a step that would take it past {@code Long.MAX_VALUE} is refused, and time stays. */
    private void move(String field, long stepNs) {
        nowNs.getAndUpdate(now -> {
            if (now > Long.MAX_VALUE - stepNs) {
                throw new IllegalArgumentException(field + " of " + stepNs + " would move the clock past "
                    + Long.MAX_VALUE + " ns (it reads " + now + ")");
            }
            return now + stepNs;
        });
    }
}
