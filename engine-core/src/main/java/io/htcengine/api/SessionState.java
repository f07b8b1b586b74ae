package io.htcengine.api;

/** How far a session has got. */
public enum SessionState {
    /** Accepting or running tasks. */
    OPEN,
    /** Sealed, and every task in it COMPLETED. */
    COMPLETED,
    /** Sealed and done, with at least one task FAILED, or the session timed out. */
    FAILED,
    /** Cancelled by the host, or by an immediate shutdown. */
    CANCELLED;

    public boolean isDone() {
        return this != OPEN;
    }
}
