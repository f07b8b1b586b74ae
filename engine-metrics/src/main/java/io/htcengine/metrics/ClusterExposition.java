package io.htcengine.metrics;

import io.htcengine.api.ClusterStatus;
import io.htcengine.api.NodeState;
import io.htcengine.api.NodeStatus;
import io.htcengine.api.PoolStatus;
import io.htcengine.api.ResourceStatus;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one {@link ClusterStatus} into Prometheus snapshots: per resource, per pool, per node and per tenant. A
 * pure function of the report, so every figure of one scrape comes from the same scheduler cycle. The names and
 * labels are listed in docs/metrics.md.
 *
 * <p>Threading: any thread (it reads only the immutable report).
 */
final class ClusterExposition {
    private ClusterExposition() {
    }

    static void addTo(List<MetricSnapshot> out, ClusterStatus status) {
        Gauges g = new Gauges();
        for (ResourceStatus r : status.resources()) {
            resource(g, "htc_engine_resource_", "", Labels.EMPTY, r);
        }
        g.set("htc_engine_cluster_waiting_tasks", "Tasks waiting QUEUED by reason: no_room (fit no UP node now), quota "
            + "(their tenant is at its quota), unschedulable (held: no node or pool could ever hold them)",
            Labels.of("reason", "no_room"), status.pendingTasks());
        g.set("htc_engine_cluster_waiting_tasks", null, Labels.of("reason", "quota"), status.quotaBlockedTasks());
        g.set("htc_engine_cluster_waiting_tasks", null, Labels.of("reason", "unschedulable"),
            status.unschedulableTasks());
        g.set("htc_engine_cluster_waiting_allocations", "Explicit allocations waiting for room", Labels.EMPTY,
            status.pendingAllocations());
        for (PoolStatus p : status.pools()) {
            pool(g, p);
        }
        for (NodeStatus n : status.nodes()) {
            node(g, n, status.resources());
        }
        status.tenants().forEach((tenant, held) -> {
            for (ResourceStatus r : status.resources()) {
                if (!r.resource().equals("slots")) {
                    String name = r.resource();
                    g.set("htc_engine_tenant_allocated", "What each tenant's running tasks and allocations hold, "
                        + "per resource", Labels.of("resource", name, "tenant", tenant, "unit", ResourceUnits.unit(name)),
                        ResourceUnits.value(name, ResourceUnits.amount(held, name)));
                }
            }
        });
        out.addAll(g.build());

        out.add(CounterSnapshot.builder().name("htc_engine_node_failure_requeues")
            .help("Running tasks sent back to the queue because their node was marked failed")
            .dataPoint(CounterDataPointSnapshot.builder().value(status.nodeFailureRequeues()).build()).build());
        CounterSnapshot.Builder failures = CounterSnapshot.builder().name("htc_engine_pool_node_failures")
            .help("Nodes of each pool marked failed");
        for (PoolStatus p : status.pools()) {
            failures.dataPoint(CounterDataPointSnapshot.builder().labels(Labels.of("pool", p.name()))
                .value(p.nodeFailures()).build());
        }
        out.add(failures.build());
    }

    /** The six figures of one resource dimension, under {@code prefix} with {@code labels} plus resource and unit. */
    private static void resource(Gauges g, String prefix, String scope, Labels labels, ResourceStatus r) {
        String name = r.resource();
        Labels withUnit = labels.merge(Labels.of("resource", name, "unit", ResourceUnits.unit(name)));
        Labels plain = labels.merge(Labels.of("resource", name));
        g.set(prefix + "capacity", "Capacity of the nodes that exist" + scope + " (not failed, not removed)",
            withUnit, ResourceUnits.value(name, r.capacity()));
        g.set(prefix + "allocated", "Held by running tasks and explicit allocations" + scope, withUnit,
            ResourceUnits.value(name, r.allocated()));
        g.set(prefix + "free", "Capacity minus allocated" + scope, withUnit, ResourceUnits.value(name, r.free()));
        g.set(prefix + "pending_demand", "Requested by tasks" + (scope.isEmpty() ? " and allocations" : "")
            + " waiting for room" + scope, withUnit, ResourceUnits.value(name, r.pendingDemand()));
        g.set(prefix + "utilisation_ratio", "Allocated / capacity" + scope + ", 0 without capacity", plain,
            r.utilisation());
        g.set(prefix + "fragmentation_ratio", "1 - largest free amount on one UP node / free on all UP nodes" + scope,
            plain, r.fragmentation());
    }

    private static void pool(Gauges g, PoolStatus p) {
        Labels pool = Labels.of("pool", p.name());
        g.set("htc_engine_pool_size", "Nodes that count in each pool: every state but FAILED and REMOVED, "
            + "PROVISIONING included", pool, p.size());
        g.set("htc_engine_pool_min_nodes", "Least nodes of each pool", pool, p.min());
        g.set("htc_engine_pool_max_nodes", "Most nodes of each pool", pool, p.max());
        for (NodeState s : NodeState.values()) {
            if (s != NodeState.REMOVED) {
                g.set("htc_engine_pool_nodes", "Nodes of each pool by state", Labels.of("pool", p.name(), "state",
                    s.name()), p.nodesByState().getOrDefault(s, 0));
            }
        }
        g.set("htc_engine_pool_pending_tasks", "Tasks waiting for room that a node of the pool's template could hold",
            pool, p.pendingTasks());
        g.set("htc_engine_pool_queue_wait_p99_seconds", "99th percentile of submit-to-dispatch time of the tasks "
            + "dispatched to the pool's nodes since the engine started", pool, p.queueWaitP99Ns() / 1e9);
        for (ResourceStatus r : p.resources()) {
            resource(g, "htc_engine_pool_resource_", " in the pool", pool, r);
        }
    }

    private static void node(Gauges g, NodeStatus n, List<ResourceStatus> dimensions) {
        Labels node = Labels.of("node", n.name(), "pool", n.pool());
        for (NodeState s : NodeState.values()) {
            if (s != NodeState.REMOVED) {
                g.set("htc_engine_node_state", "1 for each node's current state, 0 for the others",
                    node.merge(Labels.of("state", s.name())), n.state() == s ? 1 : 0);
            }
        }
        g.set("htc_engine_node_running_tasks", "Tasks dispatched to each node and not yet reported", node,
            n.runningTasks());
        g.set("htc_engine_node_allocations", "Live explicit allocations on each node", node, n.allocations());
        for (ResourceStatus d : dimensions) {
            String name = d.resource();
            long capacity = name.equals("slots") ? n.slots() : ResourceUnits.amount(n.capacity(), name);
            long allocated = name.equals("slots") ? n.slotsUsed() : ResourceUnits.amount(n.allocated(), name);
            if (capacity == 0 && allocated == 0) {
                continue; // the node has none of it: no series
            }
            Labels labels = node.merge(Labels.of("resource", name, "unit", ResourceUnits.unit(name)));
            g.set("htc_engine_node_capacity", "Capacity of each node, per resource it has", labels,
                ResourceUnits.value(name, capacity));
            g.set("htc_engine_node_allocated", "Held on each node by running tasks and allocations, per resource",
                labels, ResourceUnits.value(name, allocated));
        }
    }

    /** Gauge families built in the order first used; help is taken from the first {@link #set} of each name. */
    private static final class Gauges {
        private final Map<String, GaugeSnapshot.Builder> byName = new LinkedHashMap<>();

        void set(String name, String help, Labels labels, double value) {
            byName.computeIfAbsent(name, k -> GaugeSnapshot.builder().name(k).help(help))
                .dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(value).build());
        }

        List<MetricSnapshot> build() {
            List<MetricSnapshot> out = new ArrayList<>(byName.size());
            byName.values().forEach(b -> out.add(b.build()));
            return out;
        }
    }
}
