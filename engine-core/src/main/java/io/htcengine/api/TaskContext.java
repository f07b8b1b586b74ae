package io.htcengine.api;

/**
 * What a running handler may ask about its task. Valid for the duration of the handler call,
 * from the thread running it.
 */
public interface TaskContext {
    long taskId();

    /** @return the id of the session the task belongs to, or 0 when it was submitted alone. */
    long sessionId();

    /** @return 1 for the first attempt, 2 for the first retry, and so on. */
    int attempt();

    int priority();

    TaskType type();

    /**
     * @return whether cancellation was requested. A long handler should poll this and return early;
     * the thread running it is also interrupted.
     */
    boolean isCancelled();
}
