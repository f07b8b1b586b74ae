package io.htcengine.internal.loop;

import io.htcengine.internal.task.Task;
import io.htcengine.internal.task.TaskOwner;

/** The owner of tasks submitted outside any session. Any thread. */
public final class LoneTasks implements TaskOwner {
    private final Inbox inbox;

    public LoneTasks(Inbox inbox) {
        this.inbox = inbox;
    }

    @Override
    public long sessionId() {
        return 0;
    }

    @Override
    public io.htcengine.api.FailurePolicy failurePolicy() {
        return io.htcengine.api.FailurePolicy.CANCEL_DESCENDANTS;
    }

    @Override
    public void completed(Task task) {
        inbox.completed(task);
    }

    @Override
    public void requestCancel(Task task) {
        inbox.command(new Command.CancelTask(task));
    }

    @Override
    public long nowNs() {
        return inbox.clock().nanoTime();
    }

    @Override
    public void reportUsage(io.htcengine.spi.UsageSample sample) {
        inbox.reportUsage(sample);
    }

    @Override
    public void explain(Task task, java.util.concurrent.CompletableFuture<String> answer) {
        inbox.explain(task, answer);
    }
}
