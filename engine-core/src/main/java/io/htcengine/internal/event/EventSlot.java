package io.htcengine.internal.event;

import io.htcengine.api.SessionSummary;
import io.htcengine.api.TaskState;
import io.htcengine.api.TaskType;
import io.htcengine.internal.session.SessionImpl;
import io.htcengine.internal.task.Task;
import io.htcengine.spi.TaskEvent;

/**
 * A preallocated, reused entry of the {@link EventRing}. Written by the scheduler loop before it publishes the
 * slot, read by the listener thread after it sees the publication, then cleared.
 */
public final class EventSlot implements TaskEvent {
    EventKind kind;
    Task task;
    TaskState from;
    TaskState to;
    int attempt;
    long timeNs;
    Throwable error;
    boolean completeFuture;
    SessionImpl session;
    SessionSummary summary;
    java.util.concurrent.CompletableFuture<Object> question;
    Object answer;
    Throwable answerError;

    public void transition(Task task, TaskState from, TaskState to, long timeNs, boolean completeFuture) {
        this.kind = EventKind.TRANSITION;
        this.task = task;
        this.from = from;
        this.to = to;
        this.attempt = task.attempts();
        this.timeNs = timeNs;
        this.error = (to == TaskState.FAILED || to == TaskState.RETRY) ? task.error() : null;
        this.completeFuture = completeFuture;
    }

    public void sessionDone(SessionImpl session, SessionSummary summary) {
        this.kind = EventKind.SESSION_DONE;
        this.session = session;
        this.summary = summary;
    }

    /** Completes {@code question} with {@code answer} on the listener thread, so no caller code runs on the loop. */
    @SuppressWarnings("unchecked")
    public <T> void answer(java.util.concurrent.CompletableFuture<T> question, T answer) {
        this.kind = EventKind.ANSWER;
        this.question = (java.util.concurrent.CompletableFuture<Object>) question;
        this.answer = answer;
        this.answerError = null;
    }

    /** Completes {@code question} exceptionally with {@code error} on the listener thread. */
    @SuppressWarnings("unchecked")
    public void answerError(java.util.concurrent.CompletableFuture<?> question, Throwable error) {
        this.kind = EventKind.ANSWER;
        this.question = (java.util.concurrent.CompletableFuture<Object>) question;
        this.answer = null;
        this.answerError = error;
    }

    public void terminated() {
        this.kind = EventKind.TERMINATED;
    }

    void clear() {
        kind = null;
        task = null;
        error = null;
        session = null;
        summary = null;
        question = null;
        answer = null;
        answerError = null;
    }

    /** Listener thread, during delivery: the task of a TRANSITION event (the journal feed reads its input). */
    public Task task() {
        return task;
    }

    @Override
    public long taskId() {
        return task.id();
    }

    @Override
    public long sessionId() {
        return task.sessionId();
    }

    @Override
    public String name() {
        return task.name();
    }

    @Override
    public int priority() {
        return task.priority();
    }

    @Override
    public TaskType type() {
        return task.type();
    }

    @Override
    public TaskState from() {
        return from;
    }

    @Override
    public TaskState to() {
        return to;
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public long timeNs() {
        return timeNs;
    }

    @Override
    public long submitNs() {
        return task.submitNs();
    }

    @Override
    public Throwable error() {
        return error;
    }

    @Override
    public String tenant() {
        return task.spec().tenant();
    }

    @Override
    public String toString() {
        return kind == EventKind.TRANSITION
            ? "TaskEvent{task=" + task.id() + ", " + from + "->" + to + ", attempt=" + attempt + ", t=" + timeNs + '}'
            : "Event{" + kind + '}';
    }
}
