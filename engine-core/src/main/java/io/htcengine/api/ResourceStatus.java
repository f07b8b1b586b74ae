package io.htcengine.api;

/**
 * One resource dimension's use, over the nodes of a cluster or pool that exist (not failed or removed).
 *
 * @param resource      slots, cpu (millicores), memory (bytes), gpu, storage (bytes), or an extended name
 * @param capacity      the sum of the nodes' capacities
 * @param allocated     held by running tasks and allocations
 * @param free          {@code capacity - allocated}
 * @param pendingDemand requested by tasks and allocations waiting for room (not by tasks waiting for parents,
 *                      retries or quota)
 * @param fragmentation {@code 1 - largest free amount on one UP node / free on all UP nodes}: 0 when the free
 *                      capacity is all on one node (or there is none), near 1 when it is scattered in crumbs
 */
public record ResourceStatus(String resource, long capacity, long allocated, long free, long pendingDemand,
                             double fragmentation) {
    /** @return allocated / capacity, 0 when there is no capacity. */
    public double utilisation() {
        return capacity == 0 ? 0 : (double) allocated / capacity;
    }
}
