package io.htcengine.api;

import io.htcengine.internal.Validate;
import io.htcengine.spi.NodeExecutor;

/**
 * A node the engine dispatches tasks to: a name, a number of slots (tasks it holds at once), its resource capacity,
 * labels, and what executes its tasks. Immutable: {@link #withCapacity} and {@link #withLabel} return copies.
 *
 * <p>A node's capacity is what tasks placed on it may request in total. Unless set, it is one core (1000
 * millicores) per worker thread (per slot for a host executor), the JVM's maximum heap as memory for local threads
 * (none for a host executor), and no gpus or storage.
 */
public final class NodeSpec {
    /** Tasks a local worker holds at once (running plus waiting behind it) when a spec sets none. */
    public static final int DEFAULT_TASKS_IN_FLIGHT_PER_WORKER = 256;

    private final String name;
    private final int slots;
    private final int workerThreads;
    private final NodeExecutor executor;
    private final Resources capacity;
    private final java.util.Map<String, String> labels;

    private NodeSpec(String name, int slots, int workerThreads, NodeExecutor executor, Resources capacity,
                     java.util.Map<String, String> labels) {
        this.name = name;
        this.slots = slots;
        this.workerThreads = workerThreads;
        this.executor = executor;
        this.capacity = capacity;
        this.labels = labels;
    }

    private NodeSpec(String name, int slots, int workerThreads, NodeExecutor executor) {
        this(name, slots, workerThreads, executor, Resources.builder()
            .cpuMillis(1000L * (executor == null ? workerThreads : slots))
            .memoryBytes(executor == null ? Runtime.getRuntime().maxMemory() : 0).build(), java.util.Map.of());
    }

    /** @return a copy with this capacity (what the tasks placed on it may request in total). */
    public NodeSpec withCapacity(Resources capacity) {
        return new NodeSpec(name, slots, workerThreads, executor, Validate.notNull("capacity", capacity), labels);
    }

    /**
     * @return a copy with this label (e.g. {@code "gpu-model", "a100"}), which task node selectors match; a label the
     *         spec already has takes the new value (as every {@code with} method replaces what it sets)
     */
    public NodeSpec withLabel(String label, String value) {
        Validate.notBlank("label", label);
        Validate.notNull("value of label '" + label + "'", value);
        java.util.TreeMap<String, String> copy = new java.util.TreeMap<>(labels);
        copy.put(label, value);
        return new NodeSpec(name, slots, workerThreads, executor, capacity, java.util.Collections.unmodifiableMap(copy));
    }

    /** @return a copy named {@code name}, the rest unchanged (how pools name the nodes made from a template). */
    public NodeSpec withName(String name) {
        return new NodeSpec(Validate.notBlank("name", name), slots, workerThreads, executor, capacity, labels);
    }

    public Resources capacity() {
        return capacity;
    }

    /** @return the node's labels, sorted by label. */
    public java.util.Map<String, String> labels() {
        return labels;
    }

    /**
     * A node of {@code workerThreads} local worker threads the engine starts and stops, each holding up to
     * {@value #DEFAULT_TASKS_IN_FLIGHT_PER_WORKER} tasks at once.
     */
    public static NodeSpec localThreads(String name, int workerThreads) {
        return localThreads(name, workerThreads, DEFAULT_TASKS_IN_FLIGHT_PER_WORKER);
    }

    /**
     * A node of {@code workerThreads} local worker threads, each holding up to {@code tasksInFlightPerWorker}
     * dispatched tasks: the one it runs and those waiting behind it. More keeps workers busy on short tasks without
     * a round trip to the scheduler per task; 1 means a task is dispatched only to an idle worker, so the order of
     * starts follows priority exactly. A dispatched task is RUNNING. Below that maximum, how many the node holds
     * follows its completion rate ({@link EngineBuilder#dispatchAhead}): hundreds for tasks of microseconds, two per
     * worker for tasks of seconds.
     *
     * @param workerThreads          1 to 4,096
     * @param tasksInFlightPerWorker 1 to 1,024
     */
    public static NodeSpec localThreads(String name, int workerThreads, int tasksInFlightPerWorker) {
        Validate.notBlank("name", name);
        Validate.range("workerThreads", workerThreads, 1, 4096);
        Validate.range("tasksInFlightPerWorker", tasksInFlightPerWorker, 1, 1024);
        return new NodeSpec(name, workerThreads * tasksInFlightPerWorker, workerThreads, null);
    }

    /**
     * A node whose tasks run wherever {@code executor} runs them (remote workers, containers, or a
     * {@link io.htcengine.spi.ManualExecutor} in tests). It is never given more than {@code slots} at once.
     */
    public static NodeSpec withExecutor(String name, int slots, NodeExecutor executor) {
        Validate.notBlank("name", name);
        Validate.range("slots", slots, 1, 1 << 20);
        return new NodeSpec(name, slots, 0, Validate.notNull("executor", executor));
    }

    public String name() {
        return name;
    }

    public int slots() {
        return slots;
    }

    /** @return the number of local worker threads, or 0 for a node with the host's executor. */
    public int workerThreads() {
        return workerThreads;
    }

    /** @return the host's executor, or null for local worker threads. */
    public NodeExecutor executor() {
        return executor;
    }

    @Override
    public String toString() {
        return "NodeSpec{name=" + name + ", slots=" + slots + (executor == null ? ", " + workerThreads + " local threads" : ", " + executor)
            + ", capacity=" + capacity + (labels.isEmpty() ? "" : ", labels=" + labels) + '}';
    }
}
