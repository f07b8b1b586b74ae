package io.htcengine.internal.cluster;

import io.htcengine.api.NodeState;
import io.htcengine.spi.NodeExecutor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One node as the scheduler keeps it: capacity and free vectors (allocated = capacity - free, never over
 * capacity in any dimension), state, what runs on it. Scheduler loop only.
 */
public final class NodeRecord {
    final int id;
    final String name;
    final PoolState pool;
    final NodeExecutor executor;
    final Map<String, String> labels;
    final long[] capacity;
    final long[] free;
    NodeState state;
    int running;
    int allocations;
    long idleSinceNs;
    boolean fed;
    /** For a node of local worker threads: its slots follow its completion rate; null otherwise. */
    InFlightLimit inFlight;
    /** Freed capacity the placement index has not been told of yet. */
    boolean indexStale;
    /** Drained to shrink its pool: removed (and given back to the provisioner) once drained. */
    boolean removeWhenDrained;
    /** Selector indexes this node belongs to (besides the main one), while UP. */
    final List<FitIndex> selectorIndexes = new ArrayList<>(0);
    final List<CompletableFuture<io.htcengine.api.NodeStatus>> drainWaiters = new ArrayList<>(0);

    NodeRecord(int id, String name, PoolState pool, NodeExecutor executor, Map<String, String> labels,
               long[] capacity, long nowNs) {
        this.id = id;
        this.name = name;
        this.pool = pool;
        this.executor = executor;
        this.labels = labels;
        this.capacity = capacity;
        this.free = capacity.clone();
        this.state = NodeState.PROVISIONING; // UP once its executor started (ClusterState.makeUp), else FAILED
        this.idleSinceNs = nowNs;
    }

    public String name() {
        return name;
    }

    public NodeExecutor executor() {
        return executor;
    }

    boolean isIdle() {
        return running == 0 && allocations == 0;
    }

    boolean fits(long[] request) {
        for (int d = 0; d < request.length; d++) {
            if (free[d] < request[d]) {
                return false;
            }
        }
        return true;
    }

    boolean matches(Map<String, String> selector) {
        for (Map.Entry<String, String> e : selector.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    void take(long[] request) {
        for (int d = 0; d < request.length; d++) {
            free[d] -= request[d];
            assert free[d] >= 0 : "node " + name + " over capacity in dimension " + d;
        }
    }

    void give(long[] request) {
        for (int d = 0; d < request.length; d++) {
            free[d] += request[d];
            assert free[d] <= capacity[d] : "node " + name + " freed more than its capacity in dimension " + d;
        }
    }
}
