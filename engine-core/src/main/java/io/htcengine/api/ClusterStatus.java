package io.htcengine.api;

import java.util.List;
import java.util.Map;

/**
 * The cluster as the scheduler saw it at one instant ({@link Cluster#status()}). Immutable.
 *
 * @param timeNs                 when, on the engine clock
 * @param resources              per resource, over every node that exists
 * @param nodes                  every node, removed ones excepted
 * @param pools                  every pool
 * @param tenants                per tenant: what its running tasks and allocations hold now
 * @param pendingTasks           tasks waiting for room (fit nowhere now), or for a free slot
 * @param quotaBlockedTasks      tasks waiting because their tenant is at its quota
 * @param unschedulableTasks     tasks held because no node of any pool could ever hold them
 * @param pendingAllocations     allocations waiting for room
 * @param nodeFailureRequeues    running tasks sent back to the queue because their node failed, since the start
 */
public record ClusterStatus(long timeNs, List<ResourceStatus> resources, List<NodeStatus> nodes,
                            List<PoolStatus> pools, Map<String, Resources> tenants, int pendingTasks,
                            int quotaBlockedTasks, int unschedulableTasks, int pendingAllocations,
                            long nodeFailureRequeues) {
    /** @return the status of the named resource. @throws IllegalArgumentException if there is none */
    public ResourceStatus resource(String name) {
        return find(resources, name);
    }

    static ResourceStatus find(List<ResourceStatus> resources, String name) {
        for (ResourceStatus r : resources) {
            if (r.resource().equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("resource must be one of " + resources.stream().map(ResourceStatus::resource)
            .toList() + ", was '" + name + "'");
    }

    /** @return the named pool's status. @throws IllegalArgumentException if there is none */
    public PoolStatus pool(String name) {
        for (PoolStatus p : pools) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("pool must be one of " + pools.stream().map(PoolStatus::name).toList()
            + ", was '" + name + "'");
    }

    /** @return the named node's status. @throws IllegalArgumentException if there is none */
    public NodeStatus node(String name) {
        for (NodeStatus n : nodes) {
            if (n.name().equals(name)) {
                return n;
            }
        }
        throw new IllegalArgumentException("no node named '" + name + "' in the status report");
    }
}
