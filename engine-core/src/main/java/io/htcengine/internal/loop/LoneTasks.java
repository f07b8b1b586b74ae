package io.htcengine.internal.loop;


/** The owner of tasks submitted outside any session. Any thread. */
public final class LoneTasks extends InboxOwner {
    public LoneTasks(Inbox inbox) {
        super(inbox);
    }

    @Override
    public long sessionId() {
        return 0;
    }

    @Override
    public io.htcengine.api.FailurePolicy failurePolicy() {
        return io.htcengine.api.FailurePolicy.CANCEL_DESCENDANTS;
    }
}
