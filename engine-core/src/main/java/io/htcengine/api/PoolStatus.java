package io.htcengine.api;

import java.util.List;
import java.util.Map;

/**
 * A pool's health at the time of a status report.
 *
 * @param size           nodes that count in the pool (every state but FAILED and REMOVED); always within [min, max]
 *                       except after a failure, until its replacement is asked for
 * @param nodesByState   nodes per state, including FAILED ones not yet removed
 * @param resources      use of each resource over the pool's nodes
 * @param pendingTasks   tasks waiting for room that a node of this pool's template could hold, plus ready tasks
 *                       waiting for a free slot (their resources are not looked at until a slot is free)
 * @param queueWaitP99Ns the 99th percentile of submit-to-dispatch time of the tasks dispatched to this pool's nodes
 *                       since the engine started, in nanoseconds (0 before the first)
 * @param nodeFailures   nodes of this pool marked failed so far
 * @param provisioned    nodes asked of the provisioner so far
 * @param released       nodes removed from the pool so far (given back to the provisioner)
 */
public record PoolStatus(String name, int min, int max, int size, Map<NodeState, Integer> nodesByState,
                         List<ResourceStatus> resources, int pendingTasks, long queueWaitP99Ns, long nodeFailures,
                         long provisioned, long released) {
}
