package io.htcengine.internal.loop;

import io.htcengine.internal.task.Task;
import io.htcengine.internal.task.TaskOwner;
import io.htcengine.spi.UsageSample;

import java.util.concurrent.CompletableFuture;

/**
 * A task owner whose tasks talk to the scheduler through its {@link Inbox}: what lone tasks and sessions share.
 * Any thread.
 */
public abstract class InboxOwner implements TaskOwner {
    protected final Inbox inbox;

    protected InboxOwner(Inbox inbox) {
        this.inbox = inbox;
    }

    /** @return whether this owner's tasks report to {@code inbox}: whether they are tasks of that engine */
    final boolean reportsTo(Inbox inbox) {
        return this.inbox == inbox;
    }

    @Override
    public final void completed(Task task) {
        inbox.completed(task);
    }

    @Override
    public final void requestCancel(Task task) {
        inbox.command(new Command.CancelTask(task));
    }

    @Override
    public final long nowNs() {
        return inbox.clock().nanoTime();
    }

    @Override
    public final void reportUsage(UsageSample sample) {
        inbox.reportUsage(sample);
    }

    @Override
    public final void explain(Task task, CompletableFuture<String> answer) {
        inbox.explain(task, answer);
    }
}
