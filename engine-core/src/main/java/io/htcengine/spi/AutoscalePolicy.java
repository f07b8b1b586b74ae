package io.htcengine.spi;

import java.time.Duration;

/**
 * Decides how many nodes a pool should have, from its load. The engine asks every {@code autoscaleInterval} of
 * engine time, clamps the answer to the pool's [min, max], then provisions nodes (or cancels drains) to grow, and
 * drains nodes — idle ones first — to shrink, removing each once drained.
 *
 * <p>Threading: called on the scheduler thread; must be quick and must not block.
 */
@FunctionalInterface
public interface AutoscalePolicy {
    /** @return the number of active nodes (UP, CORDONED or PROVISIONING) the pool should have. */
    int targetNodes(PoolMetrics pool);

    /**
     * The default policy. Grows when demand that a node of the pool could hold has waited, unplaced, for
     * {@code scaleUpAfter}: by the nodes that demand needs ({@link PoolMetrics#nodesForPendingDemand()}) beyond those
     * already being provisioned. Shrinks, when nothing waits, by the nodes idle for {@code scaleDownAfter} or longer.
     */
    static AutoscalePolicy onDemand(Duration scaleUpAfter, Duration scaleDownAfter) {
        long upNs = SimulatedProvisioner.nonNegativeNs("scaleUpAfter", scaleUpAfter);
        long downNs = SimulatedProvisioner.nonNegativeNs("scaleDownAfter", scaleDownAfter);
        return new AutoscalePolicy() {
            @Override
            public int targetNodes(PoolMetrics p) {
                int active = p.up() + p.cordoned() + p.provisioning();
                if (p.pendingSinceNs() >= 0 && p.nowNs() - p.pendingSinceNs() >= upNs) {
                    return p.up() + p.cordoned() + Math.max(p.nodesForPendingDemand(), p.provisioning());
                }
                if (p.pendingTasks() == 0) {
                    return active - p.idleFor(downNs);
                }
                return active;
            }

            @Override
            public String toString() {
                return "onDemand(scaleUpAfter=" + scaleUpAfter + ", scaleDownAfter=" + scaleDownAfter + ")";
            }
        };
    }
}
