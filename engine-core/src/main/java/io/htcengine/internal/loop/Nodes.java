package io.htcengine.internal.loop;

import io.htcengine.spi.NodeExecutor;

/**
 * The node table: each node's executor and free slots, and a round-robin cursor for picking the next node
 * with a free slot. Placement by resources replaces the cursor when nodes gain capacities.
 *
 * <p>Threading: scheduler loop only.
 */
final class Nodes {
    private final String[] names;
    private final NodeExecutor[] executors;
    private final int[] free;
    private final boolean[] fed; // given tasks since the last flush
    private int totalFree;
    private int cursor;

    Nodes(String[] names, int[] slots, NodeExecutor[] executors) {
        this.names = names;
        this.executors = executors;
        this.free = slots.clone();
        this.fed = new boolean[names.length];
        for (int s : slots) {
            totalFree += s;
        }
    }

    int count() {
        return names.length;
    }

    String name(int node) {
        return names[node];
    }

    NodeExecutor executor(int node) {
        return executors[node];
    }

    boolean hasFreeSlot() {
        return totalFree > 0;
    }

    /** @return a node with a free slot, taking the slot, or -1 when every node is full. */
    int takeSlot() {
        if (totalFree == 0) {
            return -1;
        }
        for (int i = 0, n = names.length; i < n; i++) {
            int node = cursor;
            cursor = cursor + 1 == n ? 0 : cursor + 1;
            if (free[node] > 0) {
                free[node]--;
                totalFree--;
                return node;
            }
        }
        throw new IllegalStateException("totalFree is " + totalFree + " but no node has a free slot");
    }

    void markFed(int node) {
        fed[node] = true;
    }

    /** Tells each node given tasks since the last flush that its batch is complete. */
    void flushFed() {
        for (int i = 0; i < fed.length; i++) {
            if (fed[i]) {
                fed[i] = false;
                executors[i].flush();
            }
        }
    }

    void releaseSlot(int node) {
        free[node]++;
        totalFree++;
    }
}
