package io.htcengine.spi;

import io.htcengine.api.Resources;

/**
 * What an {@link AutoscalePolicy} sees of one pool at one instant. Immutable.
 *
 * @param pool                  the pool's name
 * @param nowNs                 the engine clock
 * @param min                   the pool's least size
 * @param max                   the pool's greatest size
 * @param up                    nodes taking work
 * @param cordoned              nodes taking no new work, not draining
 * @param provisioning          nodes asked of the provisioner, not yet ready
 * @param draining              nodes draining (they leave once idle)
 * @param pendingTasks          tasks waiting for room that a node of the pool's template could hold
 * @param pendingDemand         what those tasks request in total
 * @param pendingSinceNs        since when the oldest of them has waited, or -1 when none waits
 * @param nodesForPendingDemand empty template nodes that would hold all that demand (the largest ratio over every
 *                              resource, slots included, rounded up)
 * @param idleSinceNs           for each UP node idle now (no tasks, no allocations), since when, oldest first
 */
public record PoolMetrics(String pool, long nowNs, int min, int max, int up, int cordoned, int provisioning,
                          int draining, int pendingTasks, Resources pendingDemand, long pendingSinceNs,
                          int nodesForPendingDemand, long[] idleSinceNs) {
    /** @return how many UP nodes have been idle for at least {@code ns}. */
    public int idleFor(long ns) {
        int n = 0;
        for (long since : idleSinceNs) {
            if (nowNs - since >= ns) {
                n++;
            }
        }
        return n;
    }
}
