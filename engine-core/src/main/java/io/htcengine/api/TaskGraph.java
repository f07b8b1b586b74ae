package io.htcengine.api;

import io.htcengine.internal.Validate;
import io.htcengine.internal.dag.GeneratedKeys;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;

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
 * A host that already numbers its tasks can add them by index instead, without keys: see
 * {@link Builder#add(TaskSpec, Object, int...)}. Tasks already submitted can be parents too: name them with
 * {@link Builder#external(String, TaskHandle)} or {@link Builder#external(String, long)}. All graph algorithms here
 * and in the scheduler are iterative, so a million-task chain is fine. Immutable once built; one graph can be
 * submitted more than once. Safe to share between threads once built.
 *
 * <p>Nodes: the tasks are nodes 0 to {@link #size()} − 1, in the order they were added (a task's node is its index),
 * then come the externals. The methods under "for the engine" read that numbering.
 */
public final class TaskGraph {
    /*
     * Layout (compressed sparse rows): task i's parents are parentNodes[parentStart[i]] .. [parentStart[i + 1] - 1],
     * each a task index (0 or more) or external e written as -(e + 1), which is node taskCount + e. keys, specs,
     * inputs, parentStart and parentNodes are the builder's own arrays, not copies: the builder only ever writes past
     * what a graph it built reads (slots taskCount and up of the node arrays, parentStart[taskCount + 1] and up,
     * parentNodes[parentStart[taskCount]] and up), and a builder that outgrows an array moves to a new one. So a graph
     * never changes after build(), whatever the builder does next, and costs no copy. The final fields publish the
     * arrays' contents as of build() to any thread.
     */
    private final int taskCount;
    private final String[] keys;           // by task index; null for a task added without a key
    private final TaskSpec<?, ?>[] specs;
    private final Object[] inputs;
    private final int[] parentStart;
    private final int[] parentNodes;
    private final String[] externalKeys;   // these three are copies: few, and the builder appends to its own
    private final TaskHandle<?>[] externalHandles;
    private final long[] externalIds;      // 0 when given by handle
    private final int[] order;             // task indexes, parents before children
    private final int[] childEnd;          // node x's children: children[x == 0 ? 0 : childEnd[x - 1] .. childEnd[x] - 1]
    private final int[] children;          // task indexes, computed with the order

    private TaskGraph(Builder b, GraphOrder.Result sorted) {
        this.taskCount = b.taskCount;
        this.keys = b.keys;
        this.specs = b.specs;
        this.inputs = b.inputs;
        this.parentStart = b.parentStart;
        this.parentNodes = b.parentNodes;
        this.externalKeys = Arrays.copyOf(b.externalKeys, b.externalCount);
        this.externalHandles = Arrays.copyOf(b.externalHandles, b.externalCount);
        this.externalIds = Arrays.copyOf(b.externalIds, b.externalCount);
        this.order = sorted.order();
        this.childEnd = sorted.childEnd();
        this.children = sorted.children();
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
        return taskCount + externalKeys.length;
    }

    /** @return task node indexes, every task after all of its parents (a copy: the graph stays immutable). */
    public int[] topologicalOrder() {
        return order.clone();
    }

    /**
     * @return the node index of the {@code k}-th task in {@link #topologicalOrder()}, without copying the order
     * @throws IndexOutOfBoundsException unless {@code 0 <= k < size()}
     */
    public int topologicalOrder(int k) {
        return order[k];
    }

    /** @return the node's key: the one it was added with, or for a task added without one {@code "#"} + its index */
    public String key(int node) {
        if (node >= taskCount) {
            return externalKeys[node - taskCount];
        }
        String key = keys[Objects.checkIndex(node, taskCount)];
        return key != null ? key : GeneratedKeys.of(node);
    }

    /** @return whether the node was given a key (false for a task added without one: its key is generated). */
    public boolean hasKey(int node) {
        if (node >= taskCount) {
            Objects.checkIndex(node, nodeCount());
            return true; // externals always have one
        }
        return keys[Objects.checkIndex(node, taskCount)] != null;
    }

    public boolean isExternal(int node) {
        return node >= taskCount;
    }

    public TaskSpec<?, ?> spec(int node) {
        return node >= taskCount ? null : specs[Objects.checkIndex(node, taskCount)];
    }

    public Object input(int node) {
        return node >= taskCount ? null : inputs[Objects.checkIndex(node, taskCount)];
    }

    /** @return the node's parents (node indexes, in the order they were given), as a new array. */
    public int[] parents(int node) {
        int[] out = new int[parentCount(node)];
        for (int j = 0; j < out.length; j++) {
            out[j] = parent(node, j);
        }
        return out;
    }

    /** @return how many parents the node has (0 for an external). */
    public int parentCount(int node) {
        if (node >= taskCount) {
            Objects.checkIndex(node, nodeCount());
            return 0;
        }
        return parentStart[node + 1] - parentStart[node];
    }

    /** @return the node index of the node's parent number {@code j} (0 to {@link #parentCount} − 1). */
    public int parent(int node, int j) {
        int entry = parentNodes[parentStart[node] + Objects.checkIndex(j, parentCount(node))];
        return GraphOrder.node(entry, taskCount);
    }

    /** @return how many tasks of this graph depend on the node (a task or an external). */
    public int childCount(int node) {
        Objects.checkIndex(node, nodeCount());
        return childEnd[node] - (node == 0 ? 0 : childEnd[node - 1]);
    }

    /**
     * @return the task index of the node's child number {@code j} (0 to {@link #childCount} − 1), children in the
     * order they were added
     */
    public int child(int node, int j) {
        return children[(node == 0 ? 0 : childEnd[node - 1]) + Objects.checkIndex(j, childCount(node))];
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

    /**
     * Collects the tasks and their dependencies; {@link #build()} validates them all. Not thread-safe.
     *
     * <p>Two ways to add a task, which may be mixed:
     * <ul>
     *   <li><b>by key</b>, {@link #add(String, TaskSpec, Object, String...)}: parents are named by key and may be added
     *       later (before {@code build()}); unknown keys, self-dependencies and cycles are reported by
     *       {@code build()}.</li>
     *   <li><b>by index</b>, {@link #add(TaskSpec, Object, int...)} (no key) and
     *       {@link #add(String, TaskSpec, Object, int[])} (with one): parents are named by index, and <b>must already
     *       have been added</b>; a parent index that is not a task of this builder yet is rejected at once, so
     *       edges given by index can never close a cycle. Externals cannot be named by index.</li>
     * </ul>
     * Every task has an index, whichever way it was added: 0 for the first task, then 1, 2, … ({@link #size()} is the
     * next one). A task added without a key is known by the generated key {@code "#"} + its index (e.g.
     * {@code "#17"}) wherever a key is asked for: {@link TaskContext#parentKeys()}, {@link TaskContext#parentOutput},
     * {@link SubmittedGraph#task(String)}, messages; a task added by key may name it as a parent by that key too.
     * An explicit key of that form that names a task added without a key is rejected as a duplicate.
     *
     * <p>Parent arrays are read during the call and not kept: the caller may reuse them.
     */
    public static final class Builder {
        private static final int MISSING = Integer.MIN_VALUE;     // no such key
        private static final int UNRESOLVED = Integer.MIN_VALUE;  // a parent slot build() fills from a deferred key
        private static final int INITIAL = 16;

        /**
         * Explicit keys: a task's index, or external e as -(e + 1). A HashMap: on keys like "t0", "t1", … its
         * chaining beat open addressing (Agrona's Object2IntHashMap took 2x the time per add here, 2026-11-21).
         */
        private final HashMap<String, Integer> index = new HashMap<>();
        private String[] keys = new String[INITIAL];
        private TaskSpec<?, ?>[] specs = new TaskSpec<?, ?>[INITIAL];
        private Object[] inputs = new Object[INITIAL];
        private int[] parentStart = new int[INITIAL + 1];
        private int[] parentNodes = new int[INITIAL];
        private int taskCount;
        private int edgeCount;
        private int unkeyedCount;           // tasks added without a key
        private int generatedFormKeys;      // explicit keys that look like "#17"

        // Parent keys not known when their task was added (or null, or the task's own): build() resolves or reports
        // them, in the order they were given.
        private int[] deferredSlot = new int[0];
        private int[] deferredTask = new int[0];
        private String[] deferredKey = new String[0];
        private int deferredCount;

        private String[] externalKeys = new String[0];
        private TaskHandle<?>[] externalHandles = new TaskHandle<?>[0];
        private long[] externalIds = new long[0];
        private int externalCount;

        private Builder() {
        }

        /**
         * Adds a task under {@code key} that runs after the tasks named by {@code parents} (keys of this graph, which
         * may be added later, or of externals).
         */
        public <I, O> Builder add(String key, TaskSpec<I, O> spec, I input, String... parents) {
            Validate.notBlank("key", key);
            Validate.notNull("spec", spec);
            Validate.notNull("parents", parents);
            int self = taskCount;
            claim(key, self);
            int slot = reserve(parents.length);
            for (String parentKey : parents) {
                int p = parentKey == null ? MISSING : resolve(parentKey);
                if (p == MISSING || p == self) { // unknown yet, null, or itself: build() tells which
                    defer(slot, self, parentKey);
                    p = UNRESOLVED;
                }
                parentNodes[slot++] = p;
            }
            append(key, spec, input, slot);
            return this;
        }

        /** Same as {@link #add(String, TaskSpec, Object, String...)} with the parents as a collection. */
        public <I, O> Builder add(String key, TaskSpec<I, O> spec, I input, Collection<String> parents) {
            Validate.notNull("parents", parents);
            return add(key, spec, input, parents.toArray(new String[0]));
        }

        /**
         * Adds a task without a key that runs after the tasks at {@code parents}, and returns its index. For hosts that
         * number their tasks already (workflow loaders, generators): no key to make, hash or look up.
         * <ul>
         *   <li>Every parent must <b>already have been added</b> (by index or by key): a parent index must be from 0
         *       to {@link #size()} − 1. Anything else — negative, the new task's own index, or a task not added yet —
         *       is an {@link InvalidGraphException} at once, naming the task, the position in {@code parents} and the
         *       value; the builder is left as it was. So tasks added this way can never form a cycle.</li>
         *   <li>The task's key is {@code "#"} + its index (see {@link Builder}); a handler reads its parents' outputs
         *       by their keys, e.g. {@code ctx.parentOutput("#3")}, or by {@link TaskContext#parentKeys()} in order.
         *       Give the task a key with {@link #add(String, TaskSpec, Object, int[])} when something should find it by
         *       a name of its own.</li>
         *   <li>{@code parents} is copied into the builder's compact edge array; the caller may reuse it. A parent may
         *       be listed twice, as by key.</li>
         * </ul>
         *
         * @return the new task's index: 0 for the first task of the builder, then 1, 2, …
         */
        public <I, O> int add(TaskSpec<I, O> spec, I input, int... parents) {
            Validate.notNull("spec", spec);
            Validate.notNull("parents", parents);
            int self = taskCount;
            int slot = copyParents(null, self, parents);
            if (generatedFormKeys > 0) {
                String generated = GeneratedKeys.of(self);
                if (index.containsKey(generated)) {
                    throw new InvalidGraphException("duplicate key '" + generated + "': task " + self + ", added "
                        + "without a key, would be known by it, and it is the key of another task or external; "
                        + "give this task a key with add(key, spec, input, parents)", List.of(generated));
                }
            }
            unkeyedCount++;
            append(null, spec, input, slot);
            return self;
        }

        /**
         * As {@link #add(TaskSpec, Object, int...)}, with a key: the task is known as {@code key} (other tasks may
         * name it as a parent by key too). {@code parents} is an array, not varargs, so that
         * {@code add(key, spec, input)} keeps meaning the by-key form.
         *
         * @return the new task's index
         */
        public <I, O> int add(String key, TaskSpec<I, O> spec, I input, int[] parents) {
            Validate.notBlank("key", key);
            Validate.notNull("spec", spec);
            Validate.notNull("parents", parents);
            int self = taskCount;
            int slot = copyParents(key, self, parents);
            claim(key, self);
            append(key, spec, input, slot);
            return self;
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

        /** @return the tasks added so far (externals excluded), which is also the index the next task gets */
        public int size() {
            return taskCount;
        }

        private Builder addExternal(String key, TaskHandle<?> handle, long id) {
            Validate.notBlank("key", key);
            int e = externalCount;
            claim(key, -(e + 1));
            if (e == externalKeys.length) {
                int capacity = Math.max(4, 2 * e);
                externalKeys = Arrays.copyOf(externalKeys, capacity);
                externalHandles = Arrays.copyOf(externalHandles, capacity);
                externalIds = Arrays.copyOf(externalIds, capacity);
            }
            externalKeys[e] = key;
            externalHandles[e] = handle;
            externalIds[e] = id;
            externalCount++;
            return this;
        }

        /** Registers an explicit key for {@code node} (a task index, or -(e + 1)), or rejects it as a duplicate. */
        private void claim(String key, int node) {
            int generatedFor = GeneratedKeys.indexOf(key);
            if (generatedFor >= 0 && generatedFor < taskCount && keys[generatedFor] == null) {
                throw new InvalidGraphException("duplicate key '" + key + "': it is the generated key of task "
                    + generatedFor + ", which was added without a key; choose another key", List.of(key));
            }
            if (index.putIfAbsent(key, node) != null) {
                throw new InvalidGraphException("duplicate key '" + key + "': every task of a graph needs its own key",
                    List.of(key));
            }
            if (generatedFor >= 0) {
                generatedFormKeys++;
            }
        }

        /** @return the node a parent key names now (task index, or -(e + 1) for an external), or MISSING */
        private int resolve(String key) {
            Integer node = index.get(key);
            if (node != null) {
                return node;
            }
            if (unkeyedCount > 0) {
                int generatedFor = GeneratedKeys.indexOf(key);
                if (generatedFor >= 0 && generatedFor < taskCount && keys[generatedFor] == null) {
                    return generatedFor;
                }
            }
            return MISSING;
        }

        /**
         * Checks parent indexes against the tasks added so far and copies them in past the committed edges (nothing is
         * committed until {@link #append}), so a rejected call leaves the builder as it was.
         *
         * @return the slot after the copied parents
         */
        private int copyParents(String key, int self, int[] parents) {
            int slot = reserve(parents.length);
            for (int j = 0; j < parents.length; j++) {
                int p = parents[j];
                if (p < 0 || p >= self) {
                    String name = key != null ? key : GeneratedKeys.of(self);
                    String problem = p == self ? "is its own index: a task cannot depend on itself"
                        : p < 0 ? "is negative: an index runs from 0"
                        : "is not a task of this graph yet: a parent must be added before its children";
                    throw new InvalidGraphException("task '" + name + "' (index " + self + "): parents[" + j + "] = "
                        + p + " " + problem + " (" + (self == 0 ? "no task has been added yet"
                        : "the tasks so far are 0 to " + (self - 1)) + ")", List.of(name));
                }
                parentNodes[slot++] = p;
            }
            return slot;
        }

        /** Makes room for one more task and {@code parents} more edges; @return the first free edge slot. */
        private int reserve(int parents) {
            if (taskCount == keys.length) {
                int capacity = newCapacity(taskCount, 1);
                keys = Arrays.copyOf(keys, capacity);
                specs = Arrays.copyOf(specs, capacity);
                inputs = Arrays.copyOf(inputs, capacity);
                parentStart = Arrays.copyOf(parentStart, capacity + 1);
            }
            if (parentNodes.length - edgeCount < parents) {
                parentNodes = Arrays.copyOf(parentNodes, newCapacity(edgeCount, parents));
            }
            return edgeCount;
        }

        private static int newCapacity(int used, int more) {
            long wanted = Math.max((long) used + more, Math.max(INITIAL, 2L * used));
            if ((long) used + more > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("a graph holds at most " + (Integer.MAX_VALUE - 8)
                    + " tasks and as many dependencies");
            }
            return (int) Math.min(wanted, Integer.MAX_VALUE - 8);
        }

        /** Commits the task at index {@code taskCount}, whose parents end at edge slot {@code edgeEnd}. */
        private void append(String key, TaskSpec<?, ?> spec, Object input, int edgeEnd) {
            int self = taskCount;
            keys[self] = key;
            specs[self] = spec;
            inputs[self] = input;
            parentStart[self + 1] = edgeEnd;
            edgeCount = edgeEnd;
            taskCount = self + 1;
        }

        private void defer(int slot, int task, String key) {
            int d = deferredCount;
            if (d == deferredSlot.length) {
                int capacity = Math.max(8, 2 * d);
                deferredSlot = Arrays.copyOf(deferredSlot, capacity);
                deferredTask = Arrays.copyOf(deferredTask, capacity);
                deferredKey = Arrays.copyOf(deferredKey, capacity);
            }
            deferredSlot[d] = slot;
            deferredTask[d] = task;
            deferredKey[d] = key;
            deferredCount = d + 1;
        }

        /**
         * Checks the whole graph and freezes it. Costs no copy of what was added: the graph shares the builder's
         * arrays, which the builder never changes where a built graph reads them (see the class notes), so the
         * builder may add more and build again, and the graph built first stays as it was.
         *
         * @throws InvalidGraphException naming the offending tasks: an unknown dependency, a self-dependency, or a
         *                               cycle (its members in order)
         */
        public TaskGraph build() {
            // Keys resolved when their task was added are known, earlier, and not the task's own; the rest are
            // checked here in the order they were given, so the first problem reported is the first of the graph.
            for (int d = 0; d < deferredCount; d++) {
                int task = deferredTask[d];
                String key = deferredKey[d];
                String taskKey = keys[task];
                if (key == null) {
                    throw new InvalidGraphException("task '" + taskKey + "' has a null dependency", List.of(taskKey));
                }
                int parent = resolve(key);
                if (parent == MISSING) {
                    throw new InvalidGraphException("task '" + taskKey + "' depends on unknown key '" + key
                        + "': add it to the graph, or name a submitted task with external(key, handle or id)",
                        List.of(taskKey, key));
                }
                if (parent == task) {
                    throw new InvalidGraphException("task '" + taskKey + "' depends on itself", List.of(taskKey));
                }
                parentNodes[deferredSlot[d]] = parent; // a slot no built graph reads yet (see the class notes)
            }
            deferredCount = 0;
            Arrays.fill(deferredKey, null);
            return new TaskGraph(this, GraphOrder.topological(taskCount, externalCount, parentStart, parentNodes, keys));
        }

        @Override
        public String toString() {
            StringBuilder first = new StringBuilder("[");
            for (int i = 0; i < Math.min(10, taskCount); i++) {
                first.append(i == 0 ? "" : ", ").append(keys[i] != null ? keys[i] : GeneratedKeys.of(i));
            }
            return "TaskGraph.Builder{tasks=" + taskCount + ", externals="
                + Arrays.asList(externalKeys).subList(0, externalCount) + ", keys=" + first.append(']')
                + (taskCount > 10 ? "…" : "") + '}';
        }
    }

    @Override
    public String toString() {
        int shown = Math.min(10, nodeCount());
        String[] first = new String[shown];
        for (int i = 0; i < shown; i++) {
            first[i] = key(i);
        }
        return "TaskGraph{tasks=" + taskCount + ", keys=" + Arrays.toString(first) + (nodeCount() > 10 ? "…" : "") + '}';
    }
}
