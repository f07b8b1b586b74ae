package io.htcengine.internal.cluster;

import io.htcengine.api.NodeSpec;
import io.htcengine.api.NodeState;
import io.htcengine.spi.NodeExecutor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Pools' sizes: asking the provisioner for nodes, giving back drained ones, the periodic autoscaling duty and the
 * manual scale-to and optimise commands. Every change keeps a pool within [min, max]; nodes leave only by draining.
 *
 * <p>Threading: scheduler loop only (part of {@link ClusterState}).
 */
final class PoolScaler {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PoolScaler.class);
    private final ClusterState c;

    PoolScaler(ClusterState c) {
        this.c = c;
    }

    private PoolState pool(String name) {
        PoolState p = c.pools.get(name);
        if (p == null || p.spec == null) {
            throw new IllegalArgumentException("pool must be one of " + c.pools.keySet().stream()
                .filter(k -> c.pools.get(k).spec != null).toList() + ", was '" + name + "'");
        }
        return p;
    }

    /** Command: scale a pool to {@code target} nodes now (within [min, max]), or optimise it. */
    void scalePool(String name, int target, boolean optimise, CompletableFuture<io.htcengine.api.PoolStatus> answer) {
        try {
            PoolState p = pool(name);
            if (optimise) {
                target = Math.max(p.min(), active(p) - idleUp(p).size());
            } else if (target < p.min() || target > p.max()) {
                throw new IllegalArgumentException("nodes of pool '" + name + "' must be between " + p.min() + " and "
                    + p.max() + ", was " + target);
            }
            scaleTo(p, target);
            c.host.answer(answer, StatusReport.pool(c, p));
        } catch (IllegalArgumentException e) {
            c.host.answerError(answer, e);
        }
    }

    static int active(PoolState p) {
        return p.count(NodeState.UP) + p.count(NodeState.CORDONED) + p.provisioning.size();
    }

    /** @return the pool's idle UP nodes, longest idle first. */
    static List<NodeRecord> idleUp(PoolState p) {
        List<NodeRecord> idle = new ArrayList<>();
        for (NodeRecord n : p.nodes) {
            if (n.state == NodeState.UP && n.isIdle()) {
                idle.add(n);
            }
        }
        idle.sort((a, b) -> a.idleSinceNs != b.idleSinceNs ? Long.compare(a.idleSinceNs, b.idleSinceNs)
            : Integer.compare(a.id, b.id));
        return idle;
    }

    /**
     * Moves the pool toward {@code target} active nodes: growing cancels drains first, then provisions (never past
     * max); shrinking drains idle nodes first, then the least busy, each removed once drained (never below min).
     */
    void scaleTo(PoolState p, int target) {
        target = Math.max(p.min(), Math.min(p.max(), target));
        int active = active(p);
        if (target > active) {
            int more = target - active;
            for (NodeRecord n : p.nodes) {
                if (more > 0 && n.removeWhenDrained
                    && (n.state == NodeState.DRAINING || n.state == NodeState.DRAINED)) {
                    n.removeWhenDrained = false; // a shrink's drain is cancelled; a drain someone asked for is kept
                    c.cancelDrain(n, "its pool grew again");
                    n.state = NodeState.CORDONED;
                    c.makeUp(n);
                    more--;
                }
            }
            while (more > 0 && p.size() < p.max()) {
                provision(p);
                more--;
            }
        } else if (target < active) {
            int fewer = active - target;
            List<String> asked = new ArrayList<>(p.provisioning.keySet());
            for (int i = asked.size() - 1; i >= 0 && fewer > 0; i--, fewer--) {
                p.unwanted.add(asked.get(i)); // not yet ready: given back as soon as it is, never used
                p.provisioning.remove(asked.get(i));
            }
            List<NodeRecord> order = idleUp(p);
            List<NodeRecord> busy = new ArrayList<>();
            for (NodeRecord n : p.nodes) {
                if ((n.state == NodeState.UP && !n.isIdle()) || n.state == NodeState.CORDONED) {
                    busy.add(n);
                }
            }
            busy.sort((a, b) -> a.running + a.allocations != b.running + b.allocations
                ? Integer.compare(a.running + a.allocations, b.running + b.allocations) : Integer.compare(a.id, b.id));
            order.addAll(busy);
            for (int i = 0; i < fewer && i < order.size(); i++) {
                c.drain(order.get(i), true);
            }
        }
    }

    void keepMin(PoolState p) {
        if (p.spec != null && active(p) < p.min()) {
            scaleTo(p, p.min());
        }
    }

    private void provision(PoolState p) {
        String name = p.nextNodeName();
        while (c.byName.containsKey(name) || p.provisioning.containsKey(name)) {
            name = p.nextNodeName();
        }
        NodeSpec template = p.spec.template().withName(name);
        p.provisioning.put(name, template);
        p.provisioned++;
        NodeRequestImpl request = new NodeRequestImpl(p.name, template, c.localExecutors, c.post);
        // Any Throwable (a NoClassDefFoundError from the host's SDK too): the node is not waited for, and the pool's
        // next evaluation asks again if it still needs one. See PluginCalls for why no Error is rethrown.
        if (PluginCalls.guard(LOG, () -> c.provisioner.provision(request), "provisioner.provision of node {} of pool {} "
            + "threw; the pool does not wait for that node, and asks again at its next evaluation if it needs one", name, p.name) != null) {
            p.provisioning.remove(name);
        }
    }

    /** Command (from the provisioner): the node is ready. */
    void onNodeReady(String poolName, NodeSpec template, NodeExecutor executor) {
        PoolState p = c.pools.get(poolName);
        if (p != null && p.unwanted.remove(template.name())) {
            PluginCalls.guard(LOG, executor::close, "closing the executor of unneeded node {} of pool {} failed",
                template.name(), poolName);
            p.released++;
            PluginCalls.guard(LOG, () -> c.provisioner.release(poolName, template.name()), // asked for, then not needed
                "provisioner.release of unneeded node {} of pool {} failed; the engine does not use it all the same",
                template.name(), poolName);
            return;
        }
        if (p == null || p.provisioning.remove(template.name()) == null) {
            PluginCalls.guard(LOG, executor::close, "closing the executor of unasked-for node {} of pool {} failed",
                template.name(), poolName);
            if (p != null) { // its provision() answered, then threw: the pool stopped waiting for it; give it back
                LOG.warn("node {} of pool {} is ready, but its provision() call threw after answering: it is released, "
                    + "not used", template.name(), poolName);
                p.released++;
                PluginCalls.guard(LOG, () -> c.provisioner.release(poolName, template.name()),
                    "provisioner.release of unasked-for node {} of pool {} failed", template.name(), poolName);
            }
            return;
        }
        c.addNode(p, template, executor, true);
        c.republish();
    }

    /** Command (from the provisioner): the node will not come. */
    void onProvisionFailed(String poolName, String nodeName, String reason) {
        PoolState p = c.pools.get(poolName);
        if (p != null && p.unwanted.remove(nodeName)) {
            return;
        }
        if (p != null && p.provisioning.remove(nodeName) != null) {
            org.slf4j.LoggerFactory.getLogger(PoolScaler.class).warn("node {} of pool {} could not be provisioned: {}",
                nodeName, poolName, reason);
        }
    }

    /** @return whether a pool is provisioned (its size is kept and autoscaled on the engine clock) */
    boolean anyProvisionedPool() {
        for (PoolState p : c.pools.values()) {
            if (p.spec != null) {
                return true;
            }
        }
        return false;
    }

    /** Duty: every autoscale interval, asks each autoscaled pool's policy for its size and moves toward it. */
    int autoscale() {
        if (c.nowNs - c.nextAutoscaleNs < 0) {
            return 0;
        }
        c.nextAutoscaleNs = c.nowNs + c.autoscaleIntervalNs;
        int changed = 0;
        for (PoolState p : c.pools.values()) {
            if (p.spec == null) {
                continue;
            }
            int before = active(p);
            if (p.spec.autoscale() == null) {
                keepMin(p); // e.g. after a provisioning failure
                changed += active(p) - before;
                continue;
            }
            int[] target = new int[1];
            if (PluginCalls.guard(LOG, () -> target[0] = p.spec.autoscale().targetNodes(StatusReport.metrics(c, p)),
                "autoscale policy of pool {} failed; this evaluation of it is skipped", p.name) != null) {
                continue; // the other pools go on
            }
            scaleTo(p, target[0]);
            changed += Math.abs(active(p) - before);
        }
        return changed;
    }
}
