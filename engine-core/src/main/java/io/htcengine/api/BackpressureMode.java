package io.htcengine.api;

/** What {@code submit} does when the task's priority lane is full. {@code trySubmit} always returns null. */
public enum BackpressureMode {
    /** Wait (spin, yield, then park) until the lane has room. The default. */
    BLOCK,
    /** Throw {@link LaneFullException} at once. */
    THROW
}
