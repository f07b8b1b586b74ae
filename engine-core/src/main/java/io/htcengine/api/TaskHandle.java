package io.htcengine.api;

import java.util.concurrent.CompletableFuture;

/**
 * What {@code submit} returns. Safe to use from any thread: the state is published by the scheduler
 * loop, and the future is completed off the scheduler thread.
 *
 * @param <O> the output type
 */
public interface TaskHandle<O> {
    long id();

    /** @return the id of the session the task belongs to, or 0 when it was submitted alone. */
    long sessionId();

    /** @return the current state, as last published by the scheduler loop. */
    TaskState state();

    int priority();

    TaskType type();

    /**
     * @return why the task is where it is, when that needs saying — "waiting for parents" while it waits, or why it
     *         was cancelled (e.g. "ancestor task 17 'extract' FAILED", "session timed out after PT5S") — else null.
     */
    String reason();

    /**
     * Asks the scheduler why the task is where it is, in words specific enough to act on: still in its lane;
     * waiting for parents (which, and how each stands); behind N tasks ranked ahead of it while every slot is busy;
     * waiting for a retry until when, after which failure; running on which node; or how it ended. The scheduler
     * answers from its own state at its next cycle (in invoker mode: at the next {@code doWork()}); the future
     * completes off the scheduler thread. After termination it completes with the task's final state.
     */
    java.util.concurrent.CompletableFuture<String> whyPending();

    /** @return the number of attempts started so far. */
    int attempts();

    /**
     * The result. Completes normally with the handler's output, exceptionally with the last
     * attempt's exception when the task FAILED, or with a {@link java.util.concurrent.CancellationException}
     * when it was CANCELLED. Created on first call, so tasks nobody waits on cost no future.
     */
    CompletableFuture<O> future();

    /**
     * Requests cancellation. A task not yet running will never run; a running one sees
     * {@link TaskContext#isCancelled()} and an interrupt, and ends CANCELLED whatever it returns.
     *
     * @return false when the task had already reached a terminal state; true when the request was sent.
     */
    boolean cancel();
}
