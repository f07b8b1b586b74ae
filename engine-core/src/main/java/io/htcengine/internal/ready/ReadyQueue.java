package io.htcengine.internal.ready;

import io.htcengine.api.TaskState;
import io.htcengine.internal.task.Task;

/**
 * Admitted tasks waiting for a slot, in strict priority order: priority 10 first; within a priority,
 * INTERACTIVE before BATCH and STREAMING; within that, first in first out.
 *
 * <p>Twenty intrusive FIFO lists (linked through {@link Task#nextReady}) and a bit mask of the non-empty ones,
 * so push and pop are O(1) and allocate nothing. A task cancelled while queued stays linked and is skipped
 * when it reaches the head (its state is no longer QUEUED).
 *
 * <p>Threading: scheduler loop only.
 */
public final class ReadyQueue {
    private static final int BUCKETS = Task.RANKS;

    private final Task[] heads = new Task[BUCKETS];
    private final Task[] tails = new Task[BUCKETS];
    private int nonEmpty; // bit b set when bucket b has a task
    private int size;     // linked tasks, including cancelled ones not yet skipped

    public void push(Task task) {
        int b = task.rank();
        task.nextReady = null;
        Task tail = tails[b];
        if (tail == null) {
            heads[b] = task;
            nonEmpty |= 1 << b;
        } else {
            tail.nextReady = task;
        }
        tails[b] = task;
        size++;
    }

    /** @return the priority of the best-ranked linked task (it may be a cancelled one), or 0 when empty. */
    public int topPriority() {
        return nonEmpty == 0 ? 0 : (31 - Integer.numberOfLeadingZeros(nonEmpty)) / 2 + 1;
    }

    /**
     * @return the rank ({@link Task#rank()}) of the best-ranked linked task (it may be a cancelled one), or -1 when
     * empty
     */
    public int topRank() {
        return 31 - Integer.numberOfLeadingZeros(nonEmpty);
    }

    /** @return tasks linked in the queue (cancelled ones count until they reach a head and are skipped). */
    public int size() {
        return size;
    }

    /** @return the highest-ranked QUEUED task, unlinked, or null when none is left. */
    public Task pop() {
        while (nonEmpty != 0) {
            int b = 31 - Integer.numberOfLeadingZeros(nonEmpty);
            Task head = heads[b];
            Task next = head.nextReady;
            heads[b] = next;
            if (next == null) {
                tails[b] = null;
                nonEmpty &= ~(1 << b);
            }
            head.nextReady = null;
            size--;
            if (head.stateOrdinal() == TaskState.QUEUED.ordinal()) {
                return head;
            }
        }
        return null;
    }

    /**
     * Diagnostics (walks the queue): how many QUEUED tasks would be dispatched before {@code task} — those of higher
     * rank, and those of its own rank that came earlier. -1 if the task is not in the queue.
     */
    public int aheadOf(Task task) {
        int own = task.rank();
        int ahead = 0;
        for (int b = BUCKETS - 1; b > own; b--) {
            for (Task t = heads[b]; t != null; t = t.nextReady) {
                if (t.stateOrdinal() == TaskState.QUEUED.ordinal()) {
                    ahead++;
                }
            }
        }
        for (Task t = heads[own]; t != null; t = t.nextReady) {
            if (t == task) {
                return ahead;
            }
            if (t.stateOrdinal() == TaskState.QUEUED.ordinal()) {
                ahead++;
            }
        }
        return -1;
    }
}
