package io.htcengine.api;

/** What happens to a task when one of its parents fails for good or is cancelled. */
public enum FailurePolicy {
    /**
     * The task is CANCELLED, and so are its own descendants, with a reason naming the failed ancestor. The default.
     */
    CANCEL_DESCENDANTS,
    /** The task runs anyway once every parent is terminal; {@link TaskContext#parentState} tells it what happened. */
    CONTINUE
}
