package io.htcengine.internal.task;

/**
 * The engine side a task talks to: where its completions and cancel requests go, and which session it is in.
 * One per engine for lone tasks, one per session for session tasks. Callable from any thread.
 */
public interface TaskOwner {
    /** @return the session id, or 0 for lone tasks. */
    long sessionId();

    /** @return what happens to a task when a parent fails, unless its spec says otherwise. */
    io.htcengine.api.FailurePolicy failurePolicy();

    /** Offers a reported attempt to the scheduler. */
    void completed(Task task);

    /** Asks the scheduler to cancel the task. */
    void requestCancel(Task task);

    /** @return the engine clock's time now. */
    long nowNs();

    /** Hands a resource-usage sample to the listener thread. */
    void reportUsage(io.htcengine.spi.UsageSample sample);

    /** Asks the scheduler why the task is where it is; the answer completes {@code answer}. */
    void explain(Task task, java.util.concurrent.CompletableFuture<String> answer);
}
