package io.htcengine.api;

import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * Thrown by {@code submit} under {@link BackpressureMode#THROW} when the task's priority lane is full.
 *
 * <p>Thrown by {@link Session#submitAll} when it stops part-way because a lane is full: under
 * {@link BackpressureMode#THROW}, or under {@link BackpressureMode#BLOCK} when the waiting thread is interrupted or is
 * one that must not wait (the thread driving an invoker-mode engine, or the listener thread). The first
 * {@link #accepted()} tasks of the batch were accepted — they are in the session and will reach a terminal state,
 * their handles are {@link #acceptedHandles()} — and the rest were not: resubmit
 * {@code inputs.subList(e.accepted(), inputs.size())}. A single {@code submit} accepts nothing when it throws this.
 */
public final class LaneFullException extends RejectedExecutionException {
    private static final long serialVersionUID = 1L;

    private final int priority;
    private final int accepted;
    /** Not serialised: handles belong to a running engine. */
    private final transient List<? extends TaskHandle<?>> acceptedHandles;

    public LaneFullException(int priority, int capacity) {
        this(priority, capacity, "retry later, use trySubmit, or configure BackpressureMode.BLOCK");
    }

    /**
     * A single task was not accepted because its lane is full.
     *
     * @param why what the caller can do, or why the submit could not wait
     */
    public LaneFullException(int priority, int capacity, String why) {
        super("the lane for priority " + priority + " is full (laneCapacity " + capacity + "); " + why);
        this.priority = priority;
        this.accepted = 0;
        this.acceptedHandles = List.of();
    }

    /**
     * A batch stopped at its task number {@code acceptedHandles.size()}, whose lane is full.
     *
     * @param why             what the caller can do, or why the submit stopped waiting
     * @param batchSize       how many tasks the batch had
     * @param acceptedHandles the batch's accepted prefix, in order
     */
    public LaneFullException(int priority, int capacity, String why, int batchSize,
                             List<? extends TaskHandle<?>> acceptedHandles) {
        super("the lane for priority " + priority + " is full (laneCapacity " + capacity + "): "
            + (acceptedHandles.isEmpty() ? "accepted none of the batch of " + batchSize
                : "accepted the first " + acceptedHandles.size() + " of the batch of " + batchSize
                    + " (indices 0 to " + (acceptedHandles.size() - 1) + "), not the rest")
            + "; " + why);
        this.priority = priority;
        this.accepted = acceptedHandles.size();
        this.acceptedHandles = acceptedHandles;
    }

    /** @return the priority of the lane that was full (of the first task not accepted). */
    public int priority() {
        return priority;
    }

    /**
     * @return how many tasks of the batch were accepted, from its start: the tasks at indices 0 to
     *     {@code accepted() - 1} were, the others were not. 0 for a single {@code submit}.
     */
    public int accepted() {
        return accepted;
    }

    /**
     * @return the handles of the accepted tasks, in batch order ({@link #accepted()} of them; read-only). Empty for a
     *     single {@code submit}, and after deserialisation.
     */
    @SuppressWarnings("unchecked")
    public List<TaskHandle<?>> acceptedHandles() {
        return acceptedHandles == null ? List.of() : (List<TaskHandle<?>>) acceptedHandles;
    }
}
