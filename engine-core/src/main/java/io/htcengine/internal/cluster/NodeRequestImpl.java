package io.htcengine.internal.cluster;

import io.htcengine.api.NodeSpec;
import io.htcengine.spi.NodeExecutor;
import io.htcengine.spi.NodeRequest;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/** A node asked of the provisioner; its answer becomes a command to the loop. Any thread, answered once. */
final class NodeRequestImpl implements NodeRequest {
    private final String pool;
    private final NodeSpec template;
    private final Function<NodeSpec, NodeExecutor> localExecutors;
    private final Consumer<Consumer<ClusterState>> post;
    private final AtomicBoolean answered = new AtomicBoolean();

    NodeRequestImpl(String pool, NodeSpec template, Function<NodeSpec, NodeExecutor> localExecutors,
                    Consumer<Consumer<ClusterState>> post) {
        this.pool = pool;
        this.template = template;
        this.localExecutors = localExecutors;
        this.post = post;
    }

    @Override
    public String pool() {
        return pool;
    }

    @Override
    public String nodeName() {
        return template.name();
    }

    @Override
    public NodeSpec template() {
        return template;
    }

    @Override
    public void ready() {
        answer();
        NodeExecutor executor = template.executor() != null ? template.executor() : localExecutors.apply(template);
        post.accept(c -> c.onNodeReady(pool, template, executor));
    }

    @Override
    public void ready(NodeExecutor executor) {
        if (executor == null) {
            throw new IllegalArgumentException("executor must not be null");
        }
        answer();
        post.accept(c -> c.onNodeReady(pool, template, executor));
    }

    @Override
    public void failed(String reason) {
        answer();
        post.accept(c -> c.onProvisionFailed(pool, template.name(), reason));
    }

    private void answer() {
        if (!answered.compareAndSet(false, true)) {
            throw new IllegalStateException("node request " + template.name() + " of pool " + pool + " was already answered");
        }
    }
}
