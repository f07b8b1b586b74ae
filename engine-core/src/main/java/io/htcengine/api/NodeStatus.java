package io.htcengine.api;

import java.util.Map;

/**
 * One node at the time of a status report.
 *
 * @param runningTasks tasks dispatched to it and not yet reported
 * @param allocations  live {@link Allocation}s on it
 * @param idleSinceNs  when it last became idle (no tasks, no allocations), on the engine clock; -1 while busy
 */
public record NodeStatus(String name, String pool, NodeState state, Resources capacity, Resources allocated,
                         Resources free, int slots, int slotsUsed, int runningTasks, int allocations,
                         Map<String, String> labels, long idleSinceNs) {
}
