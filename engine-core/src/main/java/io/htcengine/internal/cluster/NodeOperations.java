package io.htcengine.internal.cluster;

import io.htcengine.api.NodeState;
import io.htcengine.api.NodeStatus;
import io.htcengine.internal.task.Task;

import java.util.Iterator;
import java.util.concurrent.CompletableFuture;

/**
 * What the {@code Cluster} API does to one node: cordon, uncordon, drain (answered once drained), remove, and mark
 * failed (its running tasks back to the queue as retries, exactly once; its allocations revoked).
 *
 * <p>Threading: scheduler loop only (part of {@link ClusterState}).
 */
final class NodeOperations {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(NodeOperations.class);
    private final ClusterState c;

    NodeOperations(ClusterState c) {
        this.c = c;
    }

    /** Command: a node operation by name; the answer is the node's status after it (drain: once drained). */
    void nodeOp(String name, String op, CompletableFuture<NodeStatus> answer) {
        try {
            NodeRecord n = c.node(name);
            switch (op) {
                case "cordon":
                    requireState(n, op, NodeState.UP, NodeState.CORDONED);
                    c.leaveUp(n, NodeState.CORDONED);
                    break;
                case "uncordon":
                    requireState(n, op, NodeState.UP, NodeState.CORDONED, NodeState.DRAINING, NodeState.DRAINED);
                    n.removeWhenDrained = false; // it stays: a pool shrink that was draining it is cancelled for it
                    if (n.state != NodeState.UP) {
                        cancelDrain(n, "it was uncordoned");
                        n.state = NodeState.CORDONED;
                        c.makeUp(n);
                    }
                    break;
                case "drain":
                    requireState(n, op, NodeState.UP, NodeState.CORDONED, NodeState.DRAINING, NodeState.DRAINED);
                    if (n.state != NodeState.DRAINED) {
                        n.drainWaiters.add(answer);
                        drain(n, false);
                        return; // answered when drained
                    }
                    break;
                case "remove":
                    remove(n);
                    break;
                default:
                    throw new IllegalArgumentException("node operation must be one of cordon, uncordon, drain, remove, "
                        + "was '" + op + "'");
            }
            c.host.answer(answer, StatusReport.node(c, n));
        } catch (IllegalArgumentException | IllegalStateException e) {
            c.host.answerError(answer, e);
        }
    }

    private static void requireState(NodeRecord n, String op, NodeState... allowed) {
        for (NodeState s : allowed) {
            if (n.state == s) {
                return;
            }
        }
        throw new IllegalStateException("cannot " + op + " node " + n.name + ": it is " + n.state + "; " + op
            + " applies to c.nodes that are " + java.util.Arrays.toString(allowed));
    }

    void drain(NodeRecord n, boolean thenRemove) {
        if (n.state != NodeState.DRAINING) {
            c.leaveUp(n, NodeState.DRAINING);
        }
        n.removeWhenDrained |= thenRemove;
        if (n.isIdle()) {
            drained(n);
        }
    }

    /** A drain in progress ends without the node draining: its waiters hear why. */
    void cancelDrain(NodeRecord n, String why) {
        for (CompletableFuture<NodeStatus> w : n.drainWaiters) {
            c.host.answerError(w, new java.util.concurrent.CancellationException("the drain of node " + n.name
                + " was cancelled: " + why));
        }
        n.drainWaiters.clear();
    }

    void drained(NodeRecord n) {
        n.state = NodeState.DRAINED;
        NodeStatus status = StatusReport.node(c, n);
        for (CompletableFuture<NodeStatus> w : n.drainWaiters) {
            c.host.answer(w, status);
        }
        n.drainWaiters.clear();
        if (n.removeWhenDrained) {
            remove(n);
        }
    }

    private void remove(NodeRecord n) {
        if (n.state == NodeState.REMOVED) {
            throw new IllegalStateException("node " + n.name + " was already removed");
        }
        if (n.state != NodeState.FAILED && !n.isIdle()) {
            throw new IllegalStateException("cannot remove node " + n.name + ": it has " + n.running
                + " running task(s) and " + n.allocations + " allocation(s); drain it first");
        }
        boolean wasFailed = n.state == NodeState.FAILED;
        c.leaveUp(n, NodeState.REMOVED);
        if (!wasFailed) {
            // A host's failure here must not undo the removal: this runs inside a task's report (the last task of
            // a drained node), and an exception would lose that report.
            PluginCalls.guard(LOG, n.executor::close, "closing the executor of node {} (pool {}) failed; the node is "
                + "removed all the same", n.name, n.pool.name);
        }
        c.byName.remove(n.name);
        n.pool.nodes.remove(n);
        n.pool.released++;
        c.freeIds.add(n.id);
        if (n.pool.spec != null) {
            PluginCalls.guard(LOG, () -> c.provisioner.release(n.pool.name, n.name), "provisioner.release of node {} "
                + "of pool {} failed; the node is removed all the same (the host may still hold its machine)",
                n.name, n.pool.name);
        }
        for (CompletableFuture<NodeStatus> w : n.drainWaiters) {
            c.host.answerError(w, new IllegalStateException("node " + n.name + " was removed before it drained"));
        }
        n.drainWaiters.clear();
        c.topologyChanged = true;
        c.republish();
        c.scaler.keepMin(n.pool);
    }

    /** Command: the node failed. Its running tasks go back to the queue as retries; its allocations are revoked. */
    void failNode(String name, CompletableFuture<Integer> answer) {
        NodeRecord n;
        try {
            n = c.node(name);
            if (n.state == NodeState.FAILED || n.state == NodeState.REMOVED) {
                throw new IllegalStateException("node " + name + " is already " + n.state);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            c.host.answerError(answer, e);
            return;
        }
        c.leaveUp(n, NodeState.FAILED);
        n.pool.failures++;
        int requeued = 0;
        for (Task t : c.host.runningOn(n.id)) {
            n.give(t.request);
            ((TenantLedger) t.tenantLedger).give(t.request);
            n.running--;
            t.holdsResources = false;
            if (t.sealAttempt()) { // else its report won the race: it is in the completion queue, and counts
                t.interruptIfRunning();
                if (c.host.requeueFromFailedNode(t, n.name)) {
                    requeued++;
                    c.nodeFailureRequeues++;
                }
            }
        }
        for (Iterator<AllocationImpl> it = c.liveAllocations.values().iterator(); it.hasNext(); ) {
            AllocationImpl a = it.next();
            if (a.nodeId == n.id) {
                it.remove();
                n.give(a.request);
                a.ledger.give(a.request);
                n.allocations--;
                a.onEnded("node " + n.name + " failed");
            }
        }
        PluginCalls.guard(LOG, n.executor::close, "closing the executor of failed node {} (pool {}) failed", n.name,
            n.pool.name);
        for (CompletableFuture<NodeStatus> w : n.drainWaiters) {
            c.host.answerError(w, new IllegalStateException("node " + n.name + " failed before it drained"));
        }
        n.drainWaiters.clear();
        c.capacityChanged = true;
        c.topologyChanged = true;
        c.republish();
        c.scaler.keepMin(n.pool);
        c.host.answer(answer, requeued);
    }
}
