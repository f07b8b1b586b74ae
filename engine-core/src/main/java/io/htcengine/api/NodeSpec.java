package io.htcengine.api;

import io.htcengine.spi.NodeExecutor;

/**
 * A node the engine dispatches tasks to: a name, a number of slots (tasks it runs at once) and what
 * executes them. Immutable.
 */
public final class NodeSpec {
    private final String name;
    private final int slots;
    private final NodeExecutor executor;

    private NodeSpec(String name, int slots, NodeExecutor executor) {
        this.name = name;
        this.slots = slots;
        this.executor = executor;
    }

    /** A node of {@code workerThreads} local worker threads the engine starts and stops. */
    public static NodeSpec localThreads(String name, int workerThreads) {
        Validate.notBlank("name", name);
        Validate.range("workerThreads", workerThreads, 1, 4096);
        return new NodeSpec(name, workerThreads, null);
    }

    /**
     * A node whose tasks run wherever {@code executor} runs them (remote workers, containers, or a
     * {@link io.htcengine.spi.ManualExecutor} in tests). It is never given more than {@code slots} at once.
     */
    public static NodeSpec withExecutor(String name, int slots, NodeExecutor executor) {
        Validate.notBlank("name", name);
        Validate.range("slots", slots, 1, 1 << 20);
        return new NodeSpec(name, slots, Validate.notNull("executor", executor));
    }

    public String name() {
        return name;
    }

    public int slots() {
        return slots;
    }

    /** @return the host's executor, or null for local worker threads. */
    public NodeExecutor executor() {
        return executor;
    }

    @Override
    public String toString() {
        return "NodeSpec{name=" + name + ", slots=" + slots + (executor == null ? ", local threads" : ", " + executor) + '}';
    }
}
