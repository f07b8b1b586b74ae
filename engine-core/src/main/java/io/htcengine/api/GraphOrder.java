package io.htcengine.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Iterative graph algorithms for {@link TaskGraph}: a topological order, or the cycle that prevents one. */
final class GraphOrder {
    private GraphOrder() {
    }

    /**
     * Kahn's algorithm over the first {@code taskCount} nodes (the rest are externals, already submitted, which
     * have no parents here).
     *
     * @return task node indexes with every task after its parents
     * @throws InvalidGraphException naming a cycle when there is no such order
     */
    static int[] topological(int[][] parents, int taskCount, List<String> keys) {
        int total = parents.length;
        int[] pending = new int[total];
        int[] childCount = new int[total];
        for (int i = 0; i < taskCount; i++) {
            pending[i] = parents[i].length;
            for (int p : parents[i]) {
                childCount[p]++;
            }
        }
        int[][] children = new int[total][];
        for (int i = 0; i < total; i++) {
            children[i] = new int[childCount[i]];
            childCount[i] = 0;
        }
        for (int i = 0; i < taskCount; i++) {
            for (int p : parents[i]) {
                children[p][childCount[p]++] = i;
            }
        }
        int[] queue = new int[total];
        int head = 0;
        int tail = 0;
        for (int i = taskCount; i < total; i++) {
            queue[tail++] = i; // externals first: they release their children
        }
        for (int i = 0; i < taskCount; i++) {
            if (pending[i] == 0) {
                queue[tail++] = i;
            }
        }
        int[] order = new int[taskCount];
        int placed = 0;
        while (head < tail) {
            int node = queue[head++];
            if (node < taskCount) {
                order[placed++] = node;
            }
            for (int c : children[node]) {
                if (--pending[c] == 0) {
                    queue[tail++] = c;
                }
            }
        }
        if (placed < taskCount) {
            List<String> cycle = findCycle(parents, pending, keys);
            throw new InvalidGraphException("cycle among tasks: " + String.join(" -> ", cycle) + " -> " + cycle.get(0)
                + " (each depends on the next)", cycle);
        }
        return order;
    }

    /**
     * Every node left with pending parents has a parent that is also left, so walking from one to such a parent
     * must revisit a node: the walk from that node's first visit is a cycle.
     */
    private static List<String> findCycle(int[][] parents, int[] pending, List<String> keys) {
        int start = 0;
        while (pending[start] == 0) {
            start++;
        }
        int[] seenAt = new int[parents.length];
        java.util.Arrays.fill(seenAt, -1);
        List<Integer> walk = new ArrayList<>();
        int node = start;
        while (seenAt[node] < 0) {
            seenAt[node] = walk.size();
            walk.add(node);
            int next = -1;
            for (int p : parents[node]) {
                if (pending[p] > 0) {
                    next = p;
                    break;
                }
            }
            node = next;
        }
        List<String> cycle = new ArrayList<>();
        for (int i = seenAt[node]; i < walk.size(); i++) {
            cycle.add(keys.get(walk.get(i)));
        }
        return Collections.unmodifiableList(cycle);
    }
}
