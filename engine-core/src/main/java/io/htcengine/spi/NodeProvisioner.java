package io.htcengine.spi;

/**
 * Gets machines for pools and gives them back: the host's link to its cloud, container platform or batch system.
 * Asynchronous: {@link #provision} returns at once; the node becomes usable when the host calls
 * {@link NodeRequest#ready()} (or {@link NodeRequest#failed}) from any thread. {@link #immediate()} (the default)
 * makes every node from its template at once; {@link SimulatedProvisioner} adds a startup delay for tests and
 * examples.
 *
 * <p>Threading: both methods are called on the scheduler thread and must not block.
 */
public interface NodeProvisioner {
    /** Starts getting one node for {@code request.pool()}; answer through the request. */
    void provision(NodeRequest request);

    /** The node was drained and removed (or failed and removed): release the machine. */
    default void release(String pool, String nodeName) {
    }

    /** @return a provisioner whose nodes are ready at once, made from the pool's template. */
    static NodeProvisioner immediate() {
        return NodeRequest::ready;
    }
}
