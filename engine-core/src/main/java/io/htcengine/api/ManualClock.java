package io.htcengine.api;

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

    /** Moves time forward by {@code step}, which must not be negative. */
    public void advance(Duration step) {
        if (step.isNegative()) {
            throw new IllegalArgumentException("step must not be negative, was " + step);
        }
        nowNs.addAndGet(step.toNanos());
    }

    /** Moves time forward by {@code stepNs} nanoseconds, which must not be negative. */
    public void advanceNs(long stepNs) {
        if (stepNs < 0) {
            throw new IllegalArgumentException("stepNs must not be negative, was " + stepNs);
        }
        nowNs.addAndGet(stepNs);
    }
}
