package io.htcengine.api;

import io.htcengine.internal.Validate;
import io.htcengine.internal.cluster.AllocationImpl;
import io.htcengine.internal.cluster.ClusterState;
import io.htcengine.internal.loop.Command;
import io.htcengine.internal.loop.Inbox;
import io.htcengine.spi.NodeExecutor;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The engine's nodes, pools and allocations ({@link Engine#cluster()}): the service API's cluster management. Every
 * method sends a command to the scheduler loop and returns a future it completes (on the engine's listener thread;
 * in invoker mode, while the caller drives {@link Engine#doWork()}). Bad input (an unknown node or pool, an operation
 * the node's state does not allow, a size outside the pool's range) completes the future exceptionally with an
 * exception that says what was wrong.
 *
 * <p>Threading: any thread.
 */
public final class Cluster {
    private final Inbox inbox;
    private final Function<NodeSpec, NodeExecutor> localExecutors;
    private final AtomicLong allocationIds = new AtomicLong(1);

    Cluster(Inbox inbox, Function<NodeSpec, NodeExecutor> localExecutors) {
        this.inbox = inbox;
        this.localExecutors = localExecutors;
    }

    private <T> CompletableFuture<T> send(Consumer<ClusterState> action, CompletableFuture<T> answer) {
        inbox.command(new Command.ClusterAction(action), answer);
        return answer;
    }

    /** Adds a node to the pool "default" (the builder's nodes). @return its status once it is UP */
    public CompletableFuture<NodeStatus> addNode(NodeSpec node) {
        Validate.notNull("node", node);
        NodeExecutor executor = node.executor() != null ? node.executor() : localExecutors.apply(node);
        CompletableFuture<NodeStatus> answer = new CompletableFuture<>();
        return send(c -> c.addNode(node, executor, answer), answer);
    }

    /** The node takes no new work; what runs on it goes on. */
    public CompletableFuture<NodeStatus> cordon(String node) {
        return nodeOp(node, "cordon");
    }

    /** A cordoned, draining or drained node takes work again. */
    public CompletableFuture<NodeStatus> uncordon(String node) {
        return nodeOp(node, "uncordon");
    }

    /** The node takes no new work; completes when its running tasks and allocations have ended (DRAINED). */
    public CompletableFuture<NodeStatus> drain(String node) {
        return nodeOp(node, "drain");
    }

    /**
     * Removes an idle node (drained, failed, or simply idle); a pool node goes back to the provisioner, and its pool
     * asks for a replacement if it fell below its minimum. Fails if tasks or allocations are still on it.
     */
    public CompletableFuture<NodeStatus> remove(String node) {
        return nodeOp(node, "remove");
    }

    private CompletableFuture<NodeStatus> nodeOp(String node, String op) {
        Validate.notBlank("node", node);
        CompletableFuture<NodeStatus> answer = new CompletableFuture<>();
        return send(c -> c.nodeOp(node, op, answer), answer);
    }

    /**
     * Declares the node failed: each task running on it goes back to the queue as a retry (RUNNING → RETRY → QUEUED;
     * the attempt counts, whatever the retry policy; a later report from the failed node is ignored); its allocations
     * are revoked. Its pool asks for a replacement if it fell below its minimum.
     *
     * @return the number of tasks requeued
     */
    public CompletableFuture<Integer> markFailed(String node) {
        Validate.notBlank("node", node);
        CompletableFuture<Integer> answer = new CompletableFuture<>();
        return send(c -> c.failNode(node, answer), answer);
    }

    /** {@link #allocate(Resources, String, Map)} for the default tenant, on any node. */
    public CompletableFuture<Allocation> allocate(Resources resources) {
        return allocate(resources, TaskSpec.DEFAULT_TENANT, Map.of());
    }

    /**
     * Holds {@code resources} on one node (chosen by the placement policy, among UP nodes labelled as the selector
     * says) until {@link Allocation#deallocate()}. The future completes when they are held: at once if a node has
     * room, else when one has (allocations are placed before waiting tasks); exceptionally with an
     * {@link UnschedulableException} if no node of any pool could ever hold them. Counts against the tenant's quota.
     */
    public CompletableFuture<Allocation> allocate(Resources resources, String tenant, Map<String, String> selector) {
        Validate.notNull("resources", resources);
        if (resources.isNone()) {
            throw new IllegalArgumentException("resources of an allocation must give at least one resource a positive "
                + "amount (cpu, memory, gpu, storage or an extended resource), was none");
        }
        Validate.notBlank("tenant", tenant);
        Validate.notNull("selector", selector);
        selector.forEach((label, value) -> {
            Validate.notBlank("selector label", label);
            Validate.notNull("selector value of '" + label + "'", value);
        });
        AllocationImpl a = new AllocationImpl(allocationIds.getAndIncrement(), resources, tenant, Map.copyOf(selector),
            released -> inbox.command(new Command.ClusterAction(c -> c.deallocate(released))));
        return send(c -> c.allocate(a), a.placedFuture());
    }

    /** @return a consistent report of every resource, node, pool and tenant at one scheduler cycle. */
    public CompletableFuture<ClusterStatus> status() {
        CompletableFuture<ClusterStatus> answer = new CompletableFuture<>();
        return send(c -> c.status(answer), answer);
    }

    /**
     * Scales the pool to {@code nodes} active nodes now: growing cancels drains, then asks the provisioner; shrinking
     * drains idle nodes first and removes each once drained. Its autoscaler, if any, may change it again later.
     */
    public CompletableFuture<PoolStatus> scaleTo(String pool, int nodes) {
        Validate.notBlank("pool", pool);
        CompletableFuture<PoolStatus> answer = new CompletableFuture<>();
        return send(c -> c.scalePool(pool, nodes, false, answer), answer);
    }

    /** Releases the pool's idle nodes beyond its minimum now (drained, then removed), ignoring cooldowns. */
    public CompletableFuture<PoolStatus> optimise(String pool) {
        Validate.notBlank("pool", pool);
        CompletableFuture<PoolStatus> answer = new CompletableFuture<>();
        return send(c -> c.scalePool(pool, 0, true, answer), answer);
    }
}
