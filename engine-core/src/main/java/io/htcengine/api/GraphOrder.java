package io.htcengine.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Iterative graph algorithms for {@link TaskGraph}: a topological order, or the cycle that prevents one.
 *
 * <p>The graph comes as {@link TaskGraph}'s compact parent lists: task {@code i}'s parents are
 * {@code parentNodes[parentStart[i]]} to {@code parentNodes[parentStart[i + 1] - 1]}, each a task index (0 or
 * more) or an external {@code e} written as {@code -(e + 1)} (node {@code taskCount + e}). Nothing here allocates per
 * node: the children are one int array indexed by offsets (compressed sparse rows), and the order array doubles as
 * Kahn's queue.
 */
final class GraphOrder {
    private GraphOrder() {
    }

    /** @return the node a parent entry names: a task index, or an external's node after the tasks */
    static int node(int entry, int taskCount) {
        return entry >= 0 ? entry : taskCount - entry - 1;
    }

    /**
     * Kahn's algorithm over the {@code taskCount} tasks (externals, already submitted, have no parents here and
     * release their children first). The queue is first-in first-out, so the order is: the tasks without parents in
     * the order they were added, then the tasks released by externals, then each task's children as it is taken,
     * each list in the order the children were added.
     *
     * @param keys the tasks' keys by index (null for a task added without a key), for the cycle's message
     * @return task indexes with every task after its parents, and the children lists it was computed from
     * @throws InvalidGraphException naming a cycle when there is no such order
     */
    static Result topological(int taskCount, int externalCount, int[] parentStart, int[] parentNodes, String[] keys) {
        int total = taskCount + externalCount;
        int edges = parentStart[taskCount];
        int[] pending = new int[taskCount];
        // childEnd[x] counts x's children, then holds where they start, then (after filling) where they end.
        int[] childEnd = new int[total];
        for (int i = 0; i < taskCount; i++) {
            pending[i] = parentStart[i + 1] - parentStart[i];
        }
        for (int e = 0; e < edges; e++) {
            childEnd[node(parentNodes[e], taskCount)]++;
        }
        for (int x = 0, start = 0; x < total; x++) {
            int count = childEnd[x];
            childEnd[x] = start;
            start += count;
        }
        int[] children = new int[edges];
        for (int i = 0; i < taskCount; i++) {
            for (int e = parentStart[i], end = parentStart[i + 1]; e < end; e++) {
                children[childEnd[node(parentNodes[e], taskCount)]++] = i;
            }
        }
        int[] order = new int[taskCount]; // also the queue: [head, tail) are placed but not yet taken
        int tail = 0;
        for (int i = 0; i < taskCount; i++) {
            if (pending[i] == 0) {
                order[tail++] = i;
            }
        }
        for (int x = taskCount; x < total; x++) { // externals are taken first
            for (int c = x == 0 ? 0 : childEnd[x - 1], end = childEnd[x]; c < end; c++) {
                if (--pending[children[c]] == 0) {
                    order[tail++] = children[c];
                }
            }
        }
        for (int head = 0; head < tail; head++) {
            int x = order[head];
            for (int c = x == 0 ? 0 : childEnd[x - 1], end = childEnd[x]; c < end; c++) {
                if (--pending[children[c]] == 0) {
                    order[tail++] = children[c];
                }
            }
        }
        if (tail < taskCount) {
            List<String> cycle = findCycle(taskCount, parentStart, parentNodes, pending, keys);
            throw new InvalidGraphException("cycle among tasks: " + String.join(" -> ", cycle) + " -> " + cycle.get(0)
                + " (each depends on the next)", cycle);
        }
        return new Result(order, childEnd, children);
    }

    /**
     * A topological order, and every node's children (tasks and externals alike) as compressed sparse rows: node
     * {@code x}'s children are the task indexes {@code children[x == 0 ? 0 : childEnd[x - 1]]} to
     * {@code children[childEnd[x] - 1]}, in the order they were added.
     */
    record Result(int[] order, int[] childEnd, int[] children) {
    }

    /**
     * Every task left with pending parents has a parent that is also left (externals never are), so walking from one
     * to such a parent must revisit a task: the walk from that task's first visit is a cycle.
     */
    private static List<String> findCycle(int taskCount, int[] parentStart, int[] parentNodes, int[] pending,
                                          String[] keys) {
        int start = 0;
        while (pending[start] == 0) {
            start++;
        }
        int[] seenAt = new int[taskCount];
        java.util.Arrays.fill(seenAt, -1);
        List<Integer> walk = new ArrayList<>();
        int node = start;
        while (seenAt[node] < 0) {
            seenAt[node] = walk.size();
            walk.add(node);
            int next = -1;
            for (int e = parentStart[node], end = parentStart[node + 1]; e < end; e++) {
                int p = parentNodes[e];
                if (p >= 0 && pending[p] > 0) {
                    next = p;
                    break;
                }
            }
            node = next;
        }
        List<String> cycle = new ArrayList<>();
        for (int i = seenAt[node]; i < walk.size(); i++) {
            int member = walk.get(i);
            cycle.add(keys[member] != null ? keys[member] : io.htcengine.internal.dag.GeneratedKeys.of(member));
        }
        return Collections.unmodifiableList(cycle);
    }
}
