package io.htcengine.examples.autoscale;

import io.htcengine.api.NodeState;
import io.htcengine.api.PoolStatus;
import io.htcengine.api.ResourceStatus;

import java.util.Locale;

/**
 * The pool at one instant of a run, read from {@code Cluster.status()}, and how far the work had got.
 *
 * @param elapsedMs        since the first burst was submitted
 * @param nodes            the pool's size: nodes UP, CORDONED, DRAINING, DRAINED and PROVISIONING
 * @param up               nodes taking work
 * @param provisioning     nodes asked of the provisioner, not ready yet
 * @param draining         nodes draining or drained, on their way out
 * @param cpuUtilisation   cpu held by running tasks / cpu of the pool's nodes, 0 to 1
 * @param pendingTasks     tasks waiting for room that a node of the pool could hold
 * @param pendingCpuMillis the cpu those tasks ask for, in millicores
 * @param done             tasks ended so far
 * @param submitted        tasks submitted so far
 */
public record PoolSample(long elapsedMs, int nodes, int up, int provisioning, int draining, double cpuUtilisation,
                         int pendingTasks, long pendingCpuMillis, long done, long submitted) {

    static PoolSample of(long elapsedMs, PoolStatus pool, long done, long submitted) {
        ResourceStatus cpu = null;
        for (ResourceStatus r : pool.resources()) {
            if (r.resource().equals("cpu")) {
                cpu = r;
            }
        }
        return new PoolSample(elapsedMs, pool.size(), count(pool, NodeState.UP), count(pool, NodeState.PROVISIONING),
            count(pool, NodeState.DRAINING) + count(pool, NodeState.DRAINED), cpu == null ? 0 : cpu.utilisation(),
            pool.pendingTasks(), cpu == null ? 0 : cpu.pendingDemand(), done, submitted);
    }

    private static int count(PoolStatus pool, NodeState state) {
        return pool.nodesByState().getOrDefault(state, 0);
    }

    /** @return one line, e.g. {@code   2.25s  nodes  8 (up  5 prov  3 drain  0)  cpu  62%  pending   54 tasks  54.0 cores  done   66/360}. */
    public String format() {
        return String.format(Locale.ROOT, "%6.2fs  nodes %2d (up %2d prov %2d drain %2d)  cpu %3.0f%%  pending %4d tasks "
                + "%6.1f cores  done %5d/%d", elapsedMs / 1e3, nodes, up, provisioning, draining, cpuUtilisation * 100,
            pendingTasks, pendingCpuMillis / 1e3, done, submitted);
    }
}
