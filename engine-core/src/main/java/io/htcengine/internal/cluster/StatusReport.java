package io.htcengine.internal.cluster;

import io.htcengine.api.ClusterStatus;
import io.htcengine.api.NodeState;
import io.htcengine.api.NodeStatus;
import io.htcengine.api.PoolStatus;
import io.htcengine.api.ResourceStatus;
import io.htcengine.api.Resources;
import io.htcengine.spi.PoolMetrics;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds the immutable status reports and autoscaler views from the cluster's state. Scheduler loop only. */
final class StatusReport {
    private StatusReport() {
    }

    static NodeStatus node(ClusterState c, NodeRecord n) {
        long[] allocated = new long[n.capacity.length];
        for (int d = 0; d < allocated.length; d++) {
            allocated[d] = n.capacity[d] - n.free[d];
        }
        return new NodeStatus(n.name, n.pool.name, n.state, c.dims.resources(n.capacity), c.dims.resources(allocated),
            c.dims.resources(n.free), (int) n.capacity[Dims.SLOTS], (int) allocated[Dims.SLOTS], n.running,
            n.allocations, n.labels, n.isIdle() ? n.idleSinceNs : -1);
    }

    static ClusterStatus cluster(ClusterState c) {
        List<NodeRecord> existing = new ArrayList<>();
        List<NodeStatus> nodes = new ArrayList<>();
        for (NodeRecord n : c.nodes) {
            if (n.state != NodeState.REMOVED) {
                nodes.add(node(c, n));
            }
            if (n.state.countsInPool()) {
                existing.add(n);
            }
        }
        long[] demand = pendingDemand(c, null);
        List<PoolStatus> pools = new ArrayList<>();
        for (PoolState p : c.pools.values()) {
            if (p.spec != null || !p.nodes.isEmpty()) {
                pools.add(pool(c, p));
            }
        }
        Map<String, Resources> tenants = new TreeMap<>();
        c.tenants.forEach((name, ledger) -> tenants.put(name, c.dims.resources(ledger.used)));
        int noRoom = c.slotBacklog();
        int quota = 0;
        int unschedulable = 0;
        for (ParkedTasks.Shape s : c.parked.active()) {
            switch (s.why) {
                case QUOTA:
                    quota += s.count;
                    break;
                case UNSCHEDULABLE:
                    unschedulable += s.count;
                    break;
                default:
                    noRoom += s.count;
            }
        }
        return new ClusterStatus(c.nowNs, resources(c, existing, demand), List.copyOf(nodes), List.copyOf(pools),
            Map.copyOf(tenants), noRoom, quota, unschedulable, c.pendingAllocations.size(), c.nodeFailureRequeues);
    }

    static PoolStatus pool(ClusterState c, PoolState p) {
        List<NodeRecord> existing = new ArrayList<>();
        Map<NodeState, Integer> byState = new EnumMap<>(NodeState.class);
        for (NodeState s : NodeState.values()) {
            byState.put(s, 0);
        }
        byState.put(NodeState.PROVISIONING, p.provisioning.size());
        for (NodeRecord n : p.nodes) {
            byState.merge(n.state, 1, Integer::sum);
            if (n.state.countsInPool()) {
                existing.add(n);
            }
        }
        long[] demand = pendingDemand(c, p);
        int size = p.size();
        long p99 = p.queueWaitNs.getTotalCount() == 0 ? 0 : p.queueWaitNs.getValueAtPercentile(99);
        return new PoolStatus(p.name, p.spec == null ? size : p.min(), p.spec == null ? size : p.max(), size,
            byState, resources(c, existing, demand), pendingTasks(c, p), p99, p.failures, p.provisioned, p.released);
    }

    private static List<ResourceStatus> resources(ClusterState c, List<NodeRecord> nodes, long[] demand) {
        int dims = c.dims.count();
        List<ResourceStatus> out = new ArrayList<>(dims);
        for (int d = 0; d < dims; d++) {
            long capacity = 0;
            long free = 0;
            long freeUp = 0;
            long largestUp = 0;
            for (NodeRecord n : nodes) {
                capacity += n.capacity[d];
                free += n.free[d];
                if (n.state == NodeState.UP) {
                    freeUp += n.free[d];
                    largestUp = Math.max(largestUp, n.free[d]);
                }
            }
            double fragmentation = freeUp == 0 ? 0 : 1.0 - (double) largestUp / freeUp;
            out.add(new ResourceStatus(c.dims.name(d), capacity, capacity - free, free, demand[d], fragmentation));
        }
        return List.copyOf(out);
    }

    /**
     * @return whether tasks of this shape count for the pool: for the whole cluster (null) always; for a pool, when
     *         an empty node of its template would hold them (the builder's pool has no template: never)
     */
    private static boolean forPool(ParkedTasks.Shape s, PoolState p) {
        if (p == null) {
            return true;
        }
        return p.templateVector != null && Feasibility.covers(p.templateVector, s.request)
            && Feasibility.matches(p.spec.template().labels(), s.selector);
    }

    private static long[] pendingDemand(ClusterState c, PoolState p) {
        long[] demand = new long[c.dims.count()];
        for (ParkedTasks.Shape s : c.parked.active()) {
            if (s.why == ParkedTasks.Why.NO_ROOM && forPool(s, p)) {
                for (int d = 0; d < demand.length; d++) {
                    demand[d] += s.request[d] * s.count;
                }
            }
        }
        if (p == null) {
            for (AllocationImpl a : c.pendingAllocations) {
                if (a.ledger.allows(a.request)) { // not waiting for quota
                    for (int d = 0; d < demand.length; d++) {
                        demand[d] += a.request[d];
                    }
                }
            }
        }
        if (p == null || p.templateVector != null) {
            demand[Dims.SLOTS] += c.slotBacklog(); // ready tasks waiting for a free slot: one slot each
        }
        return demand;
    }

    private static int pendingTasks(ClusterState c, PoolState p) {
        int n = p == null || p.templateVector != null ? c.slotBacklog() : 0;
        for (ParkedTasks.Shape s : c.parked.active()) {
            if (s.why == ParkedTasks.Why.NO_ROOM && forPool(s, p)) {
                n += s.count;
            }
        }
        return n;
    }

    static PoolMetrics metrics(ClusterState c, PoolState p) {
        long[] demand = pendingDemand(c, p);
        long since = c.slotBacklogSinceNs;
        for (ParkedTasks.Shape s : c.parked.active()) {
            if (s.why == ParkedTasks.Why.NO_ROOM && forPool(s, p) && s.head() != null) {
                since = since < 0 ? s.head().readyNs : Math.min(since, s.head().readyNs);
            }
        }
        int nodesNeeded = 0;
        for (int d = 0; d < demand.length; d++) {
            if (demand[d] > 0 && p.templateVector[d] > 0) {
                nodesNeeded = (int) Math.max(nodesNeeded, Math.min(Integer.MAX_VALUE,
                    (demand[d] + p.templateVector[d] - 1) / p.templateVector[d]));
            }
        }
        List<NodeRecord> idle = PoolScaler.idleUp(p);
        long[] idleSince = new long[idle.size()];
        for (int i = 0; i < idleSince.length; i++) {
            idleSince[i] = idle.get(i).idleSinceNs;
        }
        return new PoolMetrics(p.name, c.nowNs, p.min(), p.max(), p.count(NodeState.UP), p.count(NodeState.CORDONED),
            p.provisioning.size(), p.count(NodeState.DRAINING), pendingTasks(c, p), c.dims.resources(demand), since,
            nodesNeeded, idleSince);
    }

}
