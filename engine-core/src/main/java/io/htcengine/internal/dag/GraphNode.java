package io.htcengine.internal.dag;

import io.htcengine.api.FailurePolicy;
import io.htcengine.internal.task.Task;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A task's place in a DAG: its parents (by key, for reading their outputs), how many are not yet resolved, its
 * children, and what to do when a parent fails. Only tasks that have parents or children carry one.
 *
 * <p>Threading: {@code parentKeys}, {@code parentIds} and {@code policy} are final and set before the task is
 * published. {@code parents[i]} may be filled in later by the loop (for a parent named by id), always before the
 * task is dispatched, so its handler reads them safely. The remaining fields are loop only.
 */
public final class GraphNode {
    static final Task[] NO_CHILDREN = new Task[0];
    private static final int LINEAR_SCAN_MAX = 8;

    final String key;
    final String[] parentKeys;
    final Task[] parents;
    final long[] parentIds;
    final FailurePolicy policy;
    /** Parent key to index, for tasks with many parents; built by the thread running the task. */
    private volatile Map<String, Integer> parentIndex;

    // Loop only.
    int pending;
    Task[] children = NO_CHILDREN;
    int childCount;
    /** For a task cancelled because an ancestor failed: that ancestor, as the reason names it. */
    String failedAncestor;

    public GraphNode(String key, String[] parentKeys, Task[] parents, long[] parentIds, FailurePolicy policy) {
        this.key = key;
        this.parentKeys = parentKeys;
        this.parents = parents;
        this.parentIds = parentIds;
        this.policy = policy;
    }

    /** A node for a task that has children but was submitted without a graph (an external parent). */
    static GraphNode childrenOnly() {
        return new GraphNode(null, new String[0], new Task[0], new long[0], FailurePolicy.CANCEL_DESCENDANTS);
    }

    public String key() {
        return key;
    }

    void addChild(Task child) {
        if (childCount == children.length) {
            children = Arrays.copyOf(children, Math.max(4, childCount * 2));
        }
        children[childCount++] = child;
    }

    /** Any thread running the task: the parent with this key, or null when there is none (or it is not known). */
    public Task parent(String parentKey) {
        int i = indexOf(parentKey);
        return i < 0 ? null : parents[i];
    }

    /** @return whether this task has a parent under {@code parentKey}. */
    public boolean hasParent(String parentKey) {
        return indexOf(parentKey) >= 0;
    }

    /** A scan for a few parents; a map, built on first use, for many — so a wide fan-in reads all parents in O(n). */
    private int indexOf(String parentKey) {
        if (parentKeys.length <= LINEAR_SCAN_MAX) {
            for (int i = 0; i < parentKeys.length; i++) {
                if (parentKeys[i].equals(parentKey)) {
                    return i;
                }
            }
            return -1;
        }
        Map<String, Integer> index = parentIndex;
        if (index == null) {
            index = new HashMap<>(parentKeys.length * 2);
            for (int i = 0; i < parentKeys.length; i++) {
                index.put(parentKeys[i], i);
            }
            parentIndex = index;
        }
        Integer i = index.get(parentKey);
        return i == null ? -1 : i;
    }

    /** Diagnostics, loop only: the parents not yet resolved, as "key (STATE)", at most {@code limit} of them. */
    public String unresolvedParents(int limit) {
        StringBuilder out = new StringBuilder();
        int listed = 0;
        for (int i = 0; i < parentKeys.length && listed < limit; i++) {
            Task p = parents[i];
            if (p == null || !p.state().isTerminal()) {
                out.append(listed++ == 0 ? "" : ", ").append(parentKeys[i]).append(" (")
                    .append(p == null ? "task " + parentIds[i] + ", not admitted yet" : p.state().toString()).append(')');
            }
        }
        if (pending > listed) {
            out.append(" and ").append(pending - listed).append(" more");
        }
        return out.toString();
    }

    public int parentCount() {
        return parentKeys.length;
    }

    public String[] parentKeys() {
        return parentKeys.clone();
    }
}
