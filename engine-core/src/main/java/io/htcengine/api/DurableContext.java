package io.htcengine.api;

/**
 * What a running durable task sees. Valid during the handler call, from the thread running it.
 * {@link #attempt()} counts attempts across restarts of the engine: an attempt cut short by a crash counts.
 */
public interface DurableContext extends TaskContext {
    /** @return the task's job id in the store, the same across restarts. */
    long jobId();

    /** @return the last checkpoint an earlier attempt saved (in this process or before a restart), or null. */
    byte[] checkpoint();

    /**
     * Saves a checkpoint that the next attempt of this task gets from {@link #checkpoint()} if this one does not
     * complete. Returns once the journal has committed it, so it survives a crash from then on. The bytes are
     * copied.
     *
     * @throws IllegalArgumentException if {@code state} is null
     */
    void saveCheckpoint(byte[] state) throws InterruptedException;
}
