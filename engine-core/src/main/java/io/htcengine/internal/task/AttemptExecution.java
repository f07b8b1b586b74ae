package io.htcengine.internal.task;

import io.htcengine.spi.Execution;


/**
 * One attempt of a task, as a host's executor holds it: its reports count only for this attempt, so a late report
 * from a node declared failed (after the task moved on to another attempt elsewhere) is ignored. Local worker
 * threads get the {@link Task} itself (they know the attempt they run); only host executors cost this object.
 *
 * <p>Threading: any thread.
 */
public final class AttemptExecution extends ForwardingTaskContext implements Execution {
    private final Task task;
    private final int attempt;

    public AttemptExecution(Task task, int attempt) {
        super(task);
        this.task = task;
        this.attempt = attempt;
    }

    @Override
    public String name() {
        return task.name();
    }

    @Override
    public void run() {
        task.runAttempt(attempt);
    }

    @Override
    public boolean complete(Object output) {
        return task.report(attempt, output, null);
    }

    @Override
    public boolean fail(Throwable error) {
        return task.report(attempt, null, error == null
            ? new NullPointerException("fail(null) reported by the executor") : error);
    }

    @Override
    public int attempt() {
        return attempt;
    }

    /** @return true if the task was cancelled, or this attempt is no longer the current one. */
    @Override
    public boolean isCancelled() {
        return task.isCancelled() || task.attempts() != attempt;
    }

    @Override
    public String toString() {
        return "Execution{task=" + task.id() + ", attempt=" + attempt + ", " + task.name() + '}';
    }
}
