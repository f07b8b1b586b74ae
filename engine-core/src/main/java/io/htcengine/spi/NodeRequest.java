package io.htcengine.spi;

import io.htcengine.api.NodeSpec;

/** One node a pool asked of the {@link NodeProvisioner}. Answer exactly once, from any thread. */
public interface NodeRequest {
    String pool();

    /** @return the name the node will have. */
    String nodeName();

    /** @return the pool's template, already named {@link #nodeName()}. */
    NodeSpec template();

    /** The node is ready, as the template describes it (local worker threads, or the template's executor). */
    void ready();

    /** The node is ready and runs its tasks on {@code executor} (a remote machine, a container). */
    void ready(NodeExecutor executor);

    /** Provisioning failed; the pool will ask again at its next evaluation if it still needs the node. */
    void failed(String reason);
}
