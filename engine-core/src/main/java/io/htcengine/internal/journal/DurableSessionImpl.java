package io.htcengine.internal.journal;

import io.htcengine.api.DurableHandle;
import io.htcengine.api.DurableSession;
import io.htcengine.api.DurableTask;
import io.htcengine.api.Session;
import io.htcengine.spi.JournalRecord;

/** A durable session: its store id and name, and the engine session that runs its tasks in this process. Any thread. */
final class DurableSessionImpl implements DurableSession {
    private final long id;
    private final String name;
    private final String tenant;
    private final Session session;
    private final DurableRuntime runtime;
    private volatile long recovered;

    DurableSessionImpl(long id, String name, String tenant, Session session, DurableRuntime runtime) {
        this.id = id;
        this.name = name;
        this.tenant = tenant;
        this.session = session;
        this.runtime = runtime;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String tenant() {
        return tenant;
    }

    @Override
    public DurableHandle submit(DurableTask task) {
        return runtime.submit(task, this);
    }

    @Override
    public void seal() {
        if (!session.isSealed()) {
            runtime.journalled(new JournalRecord.SessionSealed(id, System.currentTimeMillis()));
            session.seal();
        }
    }

    @Override
    public Session session() {
        return session;
    }

    @Override
    public long recovered() {
        return recovered;
    }

    void recovered(long count) {
        this.recovered = count;
    }

    @Override
    public String toString() {
        return "DurableSession{id=" + id + ", name=" + name + ", engine session " + session.id() + '}';
    }
}
