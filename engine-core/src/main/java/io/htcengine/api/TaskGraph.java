package io.htcengine.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch of tasks with local keys and dependencies, submitted at once: a DAG. Built and validated before anything
 * of it is accepted, so an unknown dependency, a self-dependency or a cycle rejects the whole batch. A task runs
 * only when every task it depends on has COMPLETED (or, under {@link FailurePolicy#CONTINUE}, is terminal).
 * <pre>{@code
 * TaskGraph graph = TaskGraph.builder()
 *     .add("extract", extract, source)
 *     .add("clean", clean, rules, "extract")
 *     .add("report", report, null, "clean", "extract")
 *     .build();
 * SubmittedGraph run = session.submit(graph);
 * run.task("report").future().join();
 * }</pre>
 * Tasks already submitted can be parents too: name them with {@link Builder#external(String, TaskHandle)} or
 * {@link Builder#external(String, long)}. All graph algorithms here and in the scheduler are iterative, so a
 * million-task chain is fine. Immutable once built; one graph can be submitted more than once.
 */
public final class TaskGraph {
    private final String[] keys;          // by node index; tasks first, then externals
    private final TaskSpec<?, ?>[] specs; // null for externals
    private final Object[] inputs;
    private final int[][] parents;        // node indexes
    private final TaskHandle<?>[] externalHandles;
    private final long[] externalIds;     // 0 when given by handle
    private final int taskCount;
    private final int[] order;            // task node indexes, parents before children

    private TaskGraph(Builder b, List<String> allKeys, int[][] parents, int[] order) {
        this.keys = allKeys.toArray(new String[0]);
        this.taskCount = b.taskCount;
        this.specs = java.util.Arrays.copyOf(b.specs.toArray(new TaskSpec<?, ?>[0]), keys.length);
        this.inputs = java.util.Arrays.copyOf(b.inputs.toArray(), keys.length);
        this.parents = parents;
        this.externalHandles = b.externalHandles.toArray(new TaskHandle<?>[0]);
        this.externalIds = b.externalIds.stream().mapToLong(Long::longValue).toArray();
        this.order = order;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** @return the tasks this graph submits (externals excluded). */
    public int size() {
        return taskCount;
    }

    // ---- for the engine ----

    /** @return tasks plus externals: node indexes run from 0 to this, tasks first. */
    public int nodeCount() {
        return keys.length;
    }

    /** @return task node indexes, every task after all of its parents. */
    public int[] topologicalOrder() {
        return order;
    }

    public String key(int node) {
        return keys[node];
    }

    public boolean isExternal(int node) {
        return node >= taskCount;
    }

    public TaskSpec<?, ?> spec(int node) {
        return specs[node];
    }

    public Object input(int node) {
        return inputs[node];
    }

    public int[] parents(int node) {
        return parents[node];
    }

    /** @return the handle of an external parent, or null when it was named by id. */
    public TaskHandle<?> externalHandle(int node) {
        return externalHandles[node - taskCount];
    }

    /** @return the id of an external parent. */
    public long externalId(int node) {
        TaskHandle<?> h = externalHandle(node);
        return h != null ? h.id() : externalIds[node - taskCount];
    }

    /** Collects the tasks and their dependencies; {@link #build()} validates them all. Not thread-safe. */
    public static final class Builder {
        private final List<String> keys = new ArrayList<>();
        private final Map<String, Integer> index = new HashMap<>();
        private final List<TaskSpec<?, ?>> specs = new ArrayList<>();
        private final List<Object> inputs = new ArrayList<>();
        private final List<String[]> parentKeys = new ArrayList<>();
        private final List<String> externalKeys = new ArrayList<>();
        private final Map<String, Integer> externalIndex = new HashMap<>();
        private final List<TaskHandle<?>> externalHandles = new ArrayList<>();
        private final List<Long> externalIds = new ArrayList<>();
        private int taskCount;

        private Builder() {
        }

        /** Adds a task under {@code key} that runs after the tasks named by {@code parents} (keys of this graph). */
        public <I, O> Builder add(String key, TaskSpec<I, O> spec, I input, String... parents) {
            Validate.notBlank("key", key);
            Validate.notNull("spec", spec);
            Validate.notNull("parents", parents);
            if (index.containsKey(key) || externalIndex.containsKey(key)) {
                throw new InvalidGraphException("duplicate key '" + key + "': every task of a graph needs its own key",
                    List.of(key));
            }
            index.put(key, keys.size());
            keys.add(key);
            specs.add(spec);
            inputs.add(input);
            parentKeys.add(parents.clone());
            taskCount++;
            return this;
        }

        /** Same as {@link #add(String, TaskSpec, Object, String...)} with the parents as a collection. */
        public <I, O> Builder add(String key, TaskSpec<I, O> spec, I input, Collection<String> parents) {
            Validate.notNull("parents", parents);
            return add(key, spec, input, parents.toArray(new String[0]));
        }

        /** Names a task submitted earlier, so tasks of this graph can depend on it by {@code key}. */
        public Builder external(String key, TaskHandle<?> submitted) {
            Validate.notNull("submitted", submitted);
            return addExternal(key, submitted, 0);
        }

        /** Names a task submitted earlier to the same engine by its id (see {@link TaskHandle#id()}). */
        public Builder external(String key, long taskId) {
            if (taskId < 1) {
                throw new IllegalArgumentException("taskId must be a task id (1 or more), was " + taskId);
            }
            return addExternal(key, null, taskId);
        }

        private Builder addExternal(String key, TaskHandle<?> handle, long id) {
            Validate.notBlank("key", key);
            if (index.containsKey(key) || externalIndex.containsKey(key)) {
                throw new InvalidGraphException("duplicate key '" + key + "': every task of a graph needs its own key",
                    List.of(key));
            }
            externalIndex.put(key, externalKeys.size());
            externalKeys.add(key);
            externalHandles.add(handle);
            externalIds.add(id);
            return this;
        }

        /**
         * Checks the whole graph and freezes it.
         *
         * @throws InvalidGraphException naming the offending tasks: an unknown dependency, a self-dependency, or a
         *                               cycle (its members in order)
         */
        public TaskGraph build() {
            int n = taskCount;
            int total = n + externalKeys.size();

            int[][] parents = new int[total][];
            for (int i = 0; i < n; i++) {
                String[] pk = parentKeys.get(i);
                int[] p = new int[pk.length];
                for (int j = 0; j < pk.length; j++) {
                    if (pk[j] == null) {
                        throw new InvalidGraphException("task '" + keys.get(i) + "' has a null dependency",
                            List.of(keys.get(i)));
                    }
                    Integer parent = index.get(pk[j]);
                    if (parent == null) {
                        Integer external = externalIndex.get(pk[j]);
                        parent = external == null ? null : n + external;
                    }
                    if (parent == null) {
                        throw new InvalidGraphException("task '" + keys.get(i) + "' depends on unknown key '" + pk[j]
                            + "': add it to the graph, or name a submitted task with external(key, handle or id)",
                            List.of(keys.get(i), pk[j]));
                    }
                    if (parent == i) {
                        throw new InvalidGraphException("task '" + keys.get(i) + "' depends on itself",
                            List.of(keys.get(i)));
                    }
                    p[j] = parent;
                }
                parents[i] = p;
            }
            for (int e = n; e < total; e++) {
                parents[e] = new int[0];
            }
            List<String> allKeys = new ArrayList<>(total);
            allKeys.addAll(keys);
            allKeys.addAll(externalKeys); // the builder is left as it was: build() may be called again
            int[] order = GraphOrder.topological(parents, n, allKeys);
            return new TaskGraph(this, allKeys, parents, order);
        }

        @Override
        public String toString() {
            return "TaskGraph.Builder{tasks=" + taskCount + ", externals=" + externalKeys + ", keys=" + keys.subList(0,
                Math.min(10, keys.size())) + (keys.size() > 10 ? "…" : "") + '}';
        }
    }

    @Override
    public String toString() {
        return "TaskGraph{tasks=" + taskCount + ", keys=" + Arrays.toString(Arrays.copyOf(keys, Math.min(10, keys.length)))
            + (keys.length > 10 ? "…" : "") + '}';
    }
}
