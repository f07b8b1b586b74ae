package io.htcengine.api;

/**
 * Resources held on one node outside the engine's tasks (an interactive session, work run elsewhere) from
 * {@link Cluster#allocate} until {@link #deallocate()}. Any thread.
 */
public interface Allocation {
    long id();

    /** @return the node holding the resources. */
    String node();

    Resources resources();

    String tenant();

    /** @return true until deallocated or revoked. */
    boolean isActive();

    /** @return why the engine took the resources back (its node failed), or null. */
    String revokedReason();

    /**
     * Returns the resources to the node (in the scheduler's next cycle).
     *
     * @throws IllegalStateException if this allocation was already deallocated (a revoked one may be deallocated once)
     */
    void deallocate();
}
