package io.htcengine.internal.task;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A long counter on a cache line of its own: 56 bytes of padding on each side (the JVM lays out a superclass's fields
 * before a subclass's, so the padding stays in place). For a counter one thread writes per task while another reads
 * or writes the objects allocated beside it: without the padding, every increment would take that line from the
 * other core (a session's submitted count sat next to the counts the scheduler loop moves per transition).
 *
 * <p>Threading: any thread; {@link #addAndGet} is atomic, {@link #get} a volatile read.
 */
public final class PaddedCounter extends PaddedCounterValue {
    @SuppressWarnings("unused")
    private long p10, p11, p12, p13, p14, p15, p16;

    /** @return the new value */
    public long addAndGet(long delta) {
        return (long) VALUE.getAndAdd(this, delta) + delta;
    }

    public long get() {
        return value;
    }
}

/** The padding before the value. */
abstract class PaddedCounterLeftPad {
    @SuppressWarnings("unused")
    private long p00, p01, p02, p03, p04, p05, p06;
}

/** The value, between the two paddings. */
abstract class PaddedCounterValue extends PaddedCounterLeftPad {
    static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(PaddedCounterValue.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    volatile long value;
}
