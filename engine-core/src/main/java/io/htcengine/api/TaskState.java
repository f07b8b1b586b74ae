package io.htcengine.api;

/**
 * The lifecycle of a task. The legal edges are exactly:
 * <pre>
 * SUBMITTED → QUEUED | CANCELLED
 * QUEUED    → RUNNING | CANCELLED
 * RUNNING   → COMPLETED | FAILED | CANCELLED | RETRY
 * RETRY     → QUEUED | CANCELLED
 * </pre>
 * COMPLETED, FAILED and CANCELLED are terminal: a task reaches exactly one of them, once.
 * Cancellation is an edge from every non-terminal state because a host may cancel a task at any time.
 */
public enum TaskState {
    /** Accepted into a priority lane; the scheduler has not admitted it yet. */
    SUBMITTED,
    /** Admitted and waiting for a slot on a node. */
    QUEUED,
    /** Dispatched to a node; its handler runs or is about to. */
    RUNNING,
    /** The handler returned a result. Terminal. */
    COMPLETED,
    /** The last attempt failed. Terminal. */
    FAILED,
    /** A failed attempt with attempts left, waiting for its backoff to pass. */
    RETRY,
    /** Cancelled by the host, by its session, or by an immediate shutdown. Terminal. */
    CANCELLED;

    private static final TaskState[] VALUES = values();

    /** @return whether no transition leaves this state. */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    /** @return whether {@code this → next} is one of the legal edges listed on this type. */
    public boolean canTransitionTo(TaskState next) {
        switch (this) {
            case SUBMITTED: return next == QUEUED || next == CANCELLED;
            case QUEUED: return next == RUNNING || next == CANCELLED;
            case RUNNING: return next == COMPLETED || next == FAILED || next == CANCELLED || next == RETRY;
            case RETRY: return next == QUEUED || next == CANCELLED;
            default: return false;
        }
    }

    /** @return the state with this ordinal, without allocating. */
    public static TaskState ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }
}
