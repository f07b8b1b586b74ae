package io.htcengine.spi;

import java.util.List;

/**
 * What a {@link SchedulingPolicy} may do and see during {@link SchedulingPolicy#schedule}: start tasks (placed by the
 * engine's {@link PlacementPolicy}, within quotas), and look at the running tasks, the nodes' free capacity and the
 * tenants' use. A reused view, valid only during the call; scheduler thread only.
 */
public interface Dispatcher {
    /** @return the engine clock at this cycle. */
    long nowNs();

    /**
     * Starts the task now if it can be placed (a node has room, its tenant's quota allows it).
     *
     * @return false if it cannot be started now (it stays yours: keep it queued)
     */
    boolean tryStart(QueuedTask task);

    /** @return the node the task would be placed on now, or -1 if none has room (or its quota does not allow it). */
    int placement(QueuedTask task);

    /**
     * Starts the task on the node {@link #placement} chose in this same call, before anything else was started.
     *
     * @throws IllegalStateException if it does not fit that node now
     */
    void start(QueuedTask task, int node);

    /** @return whether some UP node has a free slot: if not, no task can start now. */
    boolean anyFreeSlot();

    /** @return the running tasks (a snapshot). */
    List<RunningTask> running();

    /** @return one more than the largest node id. */
    int nodeIdBound();

    /** @return whether the node is UP and matches the task's node selector. */
    boolean isCandidate(int node, QueuedTask task);

    /** @return the node's free amount of the resource (slots, cpu, memory, gpu, storage or an extended name). */
    long free(int node, String resource);

    /** @return the task's request in the resource (slots: 1). */
    long request(QueuedTask task, String resource);

    /** @return the resource names, slots first: the dimensions {@link #free} and {@link #request} answer for. */
    List<String> resourceNames();

    /**
     * @return the tenant's dominant share: the largest, over the resources the cluster has, of what its running tasks
     *         and allocations hold divided by the capacity of the UP nodes (0 for a tenant holding nothing)
     */
    double dominantShare(String tenant);

    /** @return the tenant's dominant share if {@code task} were started now too. */
    double dominantShareWith(String tenant, QueuedTask task);
}
