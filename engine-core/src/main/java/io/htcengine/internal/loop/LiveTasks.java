package io.htcengine.internal.loop;

import io.htcengine.api.TaskState;
import io.htcengine.internal.task.Task;
import io.htcengine.internal.task.TaskOwner;

import java.util.ArrayList;

/**
 * The admitted, non-terminal tasks, doubly linked through {@code Task.prevLive/nextLive}: O(1) to add and remove, and
 * what the loop walks to cancel a session's or the engine's tasks and to list what runs on a node.
 *
 * <p>Threading: scheduler loop only.
 */
final class LiveTasks {
    private Task head;

    void add(Task t) {
        t.prevLive = null;
        t.nextLive = head;
        if (head != null) {
            head.prevLive = t;
        }
        head = t;
    }

    void remove(Task t) {
        if (t.prevLive != null) {
            t.prevLive.nextLive = t.nextLive;
        } else {
            head = t.nextLive;
        }
        if (t.nextLive != null) {
            t.nextLive.prevLive = t.prevLive;
        }
        t.prevLive = null;
        t.nextLive = null;
    }

    /**
     * A snapshot of the live tasks of one owner, or all when {@code owner} is null. Cancelling one task can cancel
     * others through the DAG and remove them, so callers walk this copy, not the list itself.
     */
    ArrayList<Task> of(TaskOwner owner) {
        ArrayList<Task> out = new ArrayList<>();
        for (Task t = head; t != null; t = t.nextLive) {
            if (owner == null || t.owner() == owner) {
                out.add(t);
            }
        }
        return out;
    }

    /** @return the RUNNING tasks on {@code node}, or on any node when {@code node} is -1. */
    ArrayList<Task> running(int node) {
        ArrayList<Task> out = new ArrayList<>();
        for (Task t = head; t != null; t = t.nextLive) {
            if (t.stateOrdinal() == TaskState.RUNNING.ordinal() && t.nodeIndex >= 0 && (node < 0 || t.nodeIndex == node)) {
                out.add(t);
            }
        }
        return out;
    }
}
