package io.htcengine.api;

import java.util.concurrent.RejectedExecutionException;

/** Thrown by {@code submit} under {@link BackpressureMode#THROW} when the task's priority lane is full. */
public final class LaneFullException extends RejectedExecutionException {
    private static final long serialVersionUID = 1L;

    private final int priority;

    public LaneFullException(int priority, int capacity) {
        super("the lane for priority " + priority + " is full (laneCapacity " + capacity
            + "); retry later, use trySubmit, or configure BackpressureMode.BLOCK");
        this.priority = priority;
    }

    public int priority() {
        return priority;
    }
}
