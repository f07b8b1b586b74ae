package io.htcengine.internal.dag;

import io.htcengine.api.FailurePolicy;
import io.htcengine.api.TaskGraph;
import io.htcengine.internal.task.Task;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A task's place in a DAG: its parents (by key, for reading their outputs), how many are not yet resolved, its
 * children, and what to do when a parent fails. Every task of a submitted graph carries one (its key is found
 * through it), and so does a task submitted alone once a graph task depends on it.
 *
 * <p>A node allocates nothing per parent or child: it points at its {@link TaskGraph} (which holds every task's
 * parents and children as node indexes, and the keys), at the submission's tasks by node ({@code byNode}, one array
 * shared by every node of one {@code submit}) and at the submission's {@code progress} (one int per task node, shared
 * too); parent {@code j} is {@code byNode[graph.parent(node, j)]}. So a handle to one task of a submitted graph keeps
 * every task of that submission reachable (their outputs included), not only its ancestors. Children in other
 * submissions (which name this task as an external) are listed here, one array per node that has any.
 *
 * <p>{@code progress[x]} is, for task node {@code x} of the submission: {@link #NOT_ADMITTED} until the loop admits
 * it; then the number of its parents not yet resolved (0 once it is ready); and {@link #COMPLETED} or
 * {@link #ENDED} (failed or cancelled) once it is terminal. So the loop resolves a finished task's children within its
 * submission by walking two int arrays, and touches a child's task only when it releases or cancels it.
 *
 * <p>Threading: {@code graph}, {@code node}, {@code byNode}, {@code progress} and {@code policy} are final and set, and
 * {@code byNode} filled, before the task is published. The only later writes a running handler can see are
 * {@link #resolveLate} for a parent named by id, made by the loop before the task is dispatched. The remaining fields,
 * and {@code progress}, are loop only.
 */
public final class GraphNode {
    static final Task[] NO_CHILDREN = new Task[0];
    private static final int LINEAR_SCAN_MAX = 8;

    /** {@code progress} of a task node not admitted yet. */
    static final int NOT_ADMITTED = -1;
    /** {@code progress} of a task node that COMPLETED. */
    static final int COMPLETED = Integer.MIN_VALUE;
    /** {@code progress} of a task node that FAILED or was CANCELLED. */
    static final int ENDED = Integer.MIN_VALUE + 1;

    private final TaskGraph graph; // null for a task submitted without a graph that gains children
    private final int node;
    private final Task[] byNode;
    private final int[] progress;  // by task node, shared by the submission's nodes; null without a graph
    final FailurePolicy policy;
    /** Parent key to parent number, for tasks with many parents; built by the thread running the task. */
    private volatile Map<String, Integer> parentIndex;
    /** Parents named by id that finished after this task was admitted, by parent number; null until one does. */
    private Task[] lateParents;

    // Loop only.
    /** Children in other submissions (this task is their external parent), in the order they were admitted. */
    Task[] children = NO_CHILDREN;
    int childCount;
    /** For a task cancelled because an ancestor failed: that ancestor, as the reason names it. */
    String failedAncestor;

    /**
     * @param byNode   the submission's tasks by node index: every task of the graph, and externals given by handle
     *                 (null for externals given by id), all set before any task of it is published
     * @param progress the submission's progress by task node (see the class notes), from {@link #newProgress}
     */
    public GraphNode(TaskGraph graph, int node, Task[] byNode, int[] progress, FailurePolicy policy) {
        this.graph = graph;
        this.node = node;
        this.byNode = byNode;
        this.progress = progress;
        this.policy = policy;
    }

    /** @return a submission's progress array for {@code graph}: every task node not admitted yet */
    public static int[] newProgress(TaskGraph graph) {
        int[] progress = new int[graph.size()];
        Arrays.fill(progress, NOT_ADMITTED);
        return progress;
    }

    /** A node for a task that has children but was submitted without a graph (an external parent). */
    static GraphNode childrenOnly() {
        return new GraphNode(null, -1, null, null, FailurePolicy.CANCEL_DESCENDANTS);
    }

    // ---- loop only: resolution ----

    /** @return the parents not yet resolved: 0 for a task without a graph, or one that is ready or terminal */
    int pending() {
        return progress == null ? 0 : Math.max(0, progress[node]);
    }

    /** Admission: the task waits for {@code pending} parents (none for a task without a graph). */
    void admitted(int pending) {
        if (progress != null) {
            progress[node] = pending;
        }
    }

    /** @return the parents still unresolved after one more resolved */
    int resolveOne() {
        return --progress[node];
    }

    /**
     * The task is terminal: records how it ended, for its children admitted later.
     *
     * @return whether tasks of its own submission depend on it
     */
    boolean ended(boolean completed) {
        if (progress == null) {
            return false;
        }
        progress[node] = completed ? COMPLETED : ENDED;
        return graph.childCount(node) > 0;
    }

    /** @return {@code progress} of in-graph parent {@code p} (a task node), which was admitted before this task */
    int progressOf(int p) {
        return progress[p];
    }

    TaskGraph graph() {
        return graph;
    }

    int node() {
        return node;
    }

    Task task(int p) {
        return byNode[p];
    }

    int[] progress() {
        return progress;
    }

    /** @return the task's key in its graph, or null for a task submitted without one */
    public String key() {
        return graph == null ? null : graph.key(node);
    }

    public int parentCount() {
        return graph == null ? 0 : graph.parentCount(node);
    }

    /** @return parent number {@code j}, or null for a parent named by id that had not finished when resolved */
    Task parentTask(int j) {
        Task parent = byNode[graph.parent(node, j)];
        if (parent == null && lateParents != null) {
            parent = lateParents[j];
        }
        return parent;
    }

    /** @return the task id of parent number {@code j} */
    long parentId(int j) {
        int p = graph.parent(node, j);
        return graph.isExternal(p) ? graph.externalId(p) : byNode[p].id();
    }

    /** Loop, before this task is dispatched: a parent named by id, {@code j}, is now known, to read its output. */
    void resolveLate(int j, Task parent) {
        if (lateParents == null) {
            lateParents = new Task[parentCount()];
        }
        lateParents[j] = parent;
    }

    void addChild(Task child) {
        if (childCount == children.length) {
            children = Arrays.copyOf(children, Math.max(4, childCount * 2));
        }
        children[childCount++] = child;
    }

    /** Any thread running the task: the parent with this key, or null when there is none (or it is not known). */
    public Task parent(String parentKey) {
        int j = indexOf(parentKey);
        return j < 0 ? null : parentTask(j);
    }

    /** @return whether this task has a parent under {@code parentKey}. */
    public boolean hasParent(String parentKey) {
        return indexOf(parentKey) >= 0;
    }

    /** A scan for a few parents; a map, built on first use, for many — so a wide fan-in reads all parents in O(n). */
    private int indexOf(String parentKey) {
        int count = parentCount();
        if (count <= LINEAR_SCAN_MAX) {
            int generated = -2; // not parsed yet; -1: not a generated key
            for (int j = 0; j < count; j++) {
                int p = graph.parent(node, j);
                if (graph.hasKey(p)) {
                    if (graph.key(p).equals(parentKey)) {
                        return j;
                    }
                } else {
                    if (generated == -2) {
                        generated = GeneratedKeys.indexOf(parentKey);
                    }
                    if (p == generated) {
                        return j;
                    }
                }
            }
            return -1;
        }
        Map<String, Integer> index = parentIndex;
        if (index == null) {
            index = new HashMap<>(count * 2);
            for (int j = 0; j < count; j++) {
                index.put(graph.key(graph.parent(node, j)), j);
            }
            parentIndex = index;
        }
        Integer j = index.get(parentKey);
        return j == null ? -1 : j;
    }

    /** Diagnostics, loop only: the parents not yet resolved, as "key (STATE)", at most {@code limit} of them. */
    public String unresolvedParents(int limit) {
        StringBuilder out = new StringBuilder();
        int listed = 0;
        int count = parentCount();
        for (int j = 0; j < count && listed < limit; j++) {
            Task p = parentTask(j);
            if (p == null || !p.state().isTerminal()) {
                out.append(listed++ == 0 ? "" : ", ").append(graph.key(graph.parent(node, j))).append(" (")
                    .append(p == null ? "task " + parentId(j) + ", not admitted yet" : p.state().toString()).append(')');
            }
        }
        if (pending() > listed) {
            out.append(" and ").append(pending() - listed).append(" more");
        }
        return out.toString();
    }

    public String[] parentKeys() {
        String[] keys = new String[parentCount()];
        for (int j = 0; j < keys.length; j++) {
            keys[j] = graph.key(graph.parent(node, j));
        }
        return keys;
    }
}
