package io.htcengine.internal.cluster;

import io.htcengine.api.NodeSpec;
import io.htcengine.api.NodeState;
import io.htcengine.api.PoolSpec;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One pool: its spec, its nodes, the nodes asked of the provisioner, its queue-wait histogram. Loop only. */
final class PoolState {
    final String name;
    final PoolSpec spec;
    /** Null for the pool of the nodes given to the builder, which is never provisioned. */
    final long[] templateVector;
    final List<NodeRecord> nodes = new ArrayList<>();
    /** Nodes asked of the provisioner and not yet answered, by name. */
    final Map<String, NodeSpec> provisioning = new LinkedHashMap<>();
    /** Nodes asked for, then not needed (the pool shrank first): released as soon as they are ready. */
    final java.util.Set<String> unwanted = new java.util.HashSet<>();
    final Histogram queueWaitNs = new Histogram(3_600_000_000_000L, 2);
    long failures;
    long provisioned;
    long released;
    int nextSeq = 1;

    PoolState(String name, PoolSpec spec, long[] templateVector) {
        this.name = name;
        this.spec = spec;
        this.templateVector = templateVector;
    }

    int min() {
        return spec == null ? 0 : spec.min();
    }

    int max() {
        return spec == null ? Integer.MAX_VALUE : spec.max();
    }

    /** @return nodes that count in the pool's size: every state but FAILED and REMOVED, plus those provisioning. */
    int size() {
        int n = provisioning.size();
        for (NodeRecord r : nodes) {
            if (r.state.countsInPool()) {
                n++;
            }
        }
        return n;
    }

    int count(NodeState state) {
        if (state == NodeState.PROVISIONING) {
            return provisioning.size();
        }
        int n = 0;
        for (NodeRecord r : nodes) {
            if (r.state == state) {
                n++;
            }
        }
        return n;
    }

    void recordQueueWait(long ns) {
        queueWaitNs.recordValue(Math.max(0, Math.min(ns, queueWaitNs.getHighestTrackableValue())));
    }

    String nextNodeName() {
        return name + "-" + nextSeq++;
    }
}
