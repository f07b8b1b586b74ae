package io.htcengine.api;

/**
 * A durable session: a {@link Session} whose id, name and tasks are in the store, so that after a restart it is
 * reopened with its unfinished tasks ({@link DurableTasks#session(long)}). Any thread.
 */
public interface DurableSession {
    /** @return its id in the store, the same across restarts. */
    long id();

    String name();

    /** @return who it runs for, or null. */
    String tenant();

    /** Submits a durable task into this session, as {@link DurableTasks#submit(DurableTask)} does. */
    DurableHandle submit(DurableTask task);

    /** Accepts no more tasks (recorded in the store); it completes when its tasks have. */
    void seal();

    /** @return the session in this engine: progress, its future (this run's tasks), cancel. */
    Session session();

    /** @return how many of its tasks were recovered from the store when this engine opened it (0 for a new one). */
    long recovered();
}
