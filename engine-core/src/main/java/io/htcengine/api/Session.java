package io.htcengine.api;

import java.util.concurrent.CompletableFuture;

/**
 * A vector of tasks with one id (HTC-Grid's session). Tasks are submitted into it, then it is
 * {@linkplain #seal() sealed}; it completes when it is sealed and every task in it has reached a
 * terminal state. Safe to use from any thread; a task submitted after {@link #seal()} is rejected.
 */
public interface Session extends AutoCloseable {
    long id();

    String name();

    /** Submits one task into this session, as {@link Engine#submit(TaskSpec, Object)} does. */
    <I, O> TaskHandle<O> submit(TaskSpec<I, O> spec, I input);

    /**
     * Submits a whole DAG into this session, as {@link Engine#submit(TaskGraph)} does. Its tasks count toward the
     * session and follow the session's {@link SessionOptions#failurePolicy()} unless their spec sets one.
     */
    SubmittedGraph submit(TaskGraph graph);

    /** Submits one task into this session, or returns null when its lane is full. */
    <I, O> TaskHandle<O> trySubmit(TaskSpec<I, O> spec, I input);

    /** Accepts no more tasks. Idempotent. The session completes once its submitted tasks all have. */
    void seal();

    /** Same as {@link #seal()}, so a session can be filled in a try-with-resources block. */
    @Override
    default void close() {
        seal();
    }

    /** @return whether {@link #seal()} was called. */
    boolean isSealed();

    SessionState state();

    /** @return counts of this session's tasks by state, as last published by the scheduler loop. */
    Progress progress();

    /**
     * Completes, off the scheduler thread, when the session is sealed and all its tasks are terminal
     * (or it timed out or was cancelled). It completes normally in every case: the summary says how it ended.
     */
    CompletableFuture<SessionSummary> future();

    /** Cancels every unfinished task of the session, and rejects further submits. @return false if already done. */
    boolean cancel();
}
