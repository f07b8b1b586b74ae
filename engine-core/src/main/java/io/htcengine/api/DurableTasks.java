package io.htcengine.api;

import java.util.List;
import java.util.Optional;

/**
 * The durable side of an engine ({@link Engine#durable()}): tasks that name a registered handler, carry bytes, and
 * are journaled so they survive a restart. Any thread.
 *
 * <p>When the engine was built on a store holding unfinished work, it recovered it before {@code build()} returned:
 * QUEUED and RETRY tasks were queued again, RUNNING ones come back as a retry (their interrupted attempt counts),
 * sessions were reopened and unmet dependencies restored.
 */
public interface DurableTasks {
    /**
     * Submits a durable task alone. In {@link Durability#SYNC} mode it returns only after the journal committed it.
     *
     * @throws IllegalArgumentException if no handler is registered under its name, or a parent is not a durable task
     *                                  of this engine outside any session
     * @throws java.util.concurrent.RejectedExecutionException after shutdown
     */
    DurableHandle submit(DurableTask task);

    /**
     * Opens a durable session.
     *
     * @param name   a label, non-blank; {@link #sessionNamed} finds it again after a restart
     * @param tenant who it runs for, or null
     */
    DurableSession openSession(String name, String tenant);

    /** @return the unfinished session with this store id (reopened at recovery, or opened since), if any. */
    Optional<DurableSession> session(long id);

    /** @return the unfinished session with this name, the most recently opened if several, if any. */
    Optional<DurableSession> sessionNamed(String name);

    /** @return the sessions reopened at recovery. */
    List<DurableSession> recoveredSessions();

    /** @return how many tasks were recovered from the store when the engine was built. */
    long recovered();

    /** @return a task recovered at build time, by job id, while this engine runs, if it was recovered. */
    Optional<DurableHandle> recoveredTask(long jobId);

    /** @return the durability mode. */
    Durability durability();
}
