package io.htcengine.internal.lane;

import io.htcengine.internal.task.Task;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.atomic.MpscAtomicArrayQueue;

/**
 * One bounded multi-producer, single-consumer queue per rank ({@link Task#rank()}: per priority level, INTERACTIVE
 * tasks in a lane of their own): where submitted tasks wait for the scheduler to admit them, in the order the ready
 * queue ranks them, so the loop can leave lower ranks waiting here without passing over an INTERACTIVE task. A full
 * lane is backpressure, never a drop.
 *
 * <p>Threading: {@link #offer} and {@link #offerAll} from any thread; {@link #poll} only from the scheduler loop.
 * The {@code org.jctools.queues.atomic} variant is used so hosts on JDK 24+ see no {@code sun.misc.Unsafe}
 * warning (docs/performance.md has the measurement behind the choice).
 */
public final class Lanes {
    private final MpscAtomicArrayQueue<Task>[] lanes;
    private final int capacity;

    @SuppressWarnings("unchecked")
    public Lanes(int capacity) {
        this.lanes = new MpscAtomicArrayQueue[Task.RANKS];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new MpscAtomicArrayQueue<>(capacity);
        }
        this.capacity = lanes[0].capacity();
    }

    /** @return the capacity of each lane (the configured value rounded up to a power of two). */
    public int capacity() {
        return capacity;
    }

    /** Any thread. @return false when the task's lane is full. */
    public boolean offer(Task task) {
        return lanes[task.rank()].offer(task);
    }

    /**
     * Any thread: offers {@code tasks[from, to)} in order, stopping at the first task whose lane is full. A run of
     * consecutive tasks of one rank goes into its lane with {@code fill}, which claims the run's free slots with
     * one CAS on the lane's producer index instead of one per task; a run of one task is a plain {@code offer}, which
     * is cheaper for it (jmh LaneBatchOfferBenchmark: with random priorities, runs of 1.1, fill alone is ~25% slower
     * than an offer per task, and fill for longer runs only is as fast; one long run is 2-3x faster with fill).
     *
     * @return the index of the first task not accepted ({@code to} when all were)
     */
    public int offerAll(Task[] tasks, int from, int to) {
        Cursor cursor = null;
        int k = from;
        while (k < to) {
            int rank = tasks[k].rank();
            int end = k + 1;
            while (end < to && tasks[end].rank() == rank) {
                end++;
            }
            MpscAtomicArrayQueue<Task> lane = lanes[rank];
            if (end - k == 1) {
                if (!lane.offer(tasks[k])) {
                    return k;
                }
                k = end;
                continue;
            }
            if (cursor == null) {
                cursor = new Cursor(tasks);
            }
            cursor.next = k;
            while (k < end) {
                int filled = lane.fill(cursor, end - k); // stores tasks[k, k + filled) after claiming their slots
                if (filled == 0) {
                    return k;
                }
                k += filled;
            }
        }
        return to;
    }

    /** Hands {@code fill} the tasks of a run in order; it must not fail, as the slots are claimed before it is asked. */
    private static final class Cursor implements MessagePassingQueue.Supplier<Task> {
        private final Task[] tasks;
        int next;

        Cursor(Task[] tasks) {
            this.tasks = tasks;
        }

        @Override
        public Task get() {
            return tasks[next++];
        }
    }

    /** Loop only. @return the next task of this rank ({@link Task#rank()}), or null. */
    public Task poll(int rank) {
        return lanes[rank].relaxedPoll();
    }

    /** @return tasks waiting in all lanes (an estimate while producers are active). */
    public long size() {
        long n = 0;
        for (MpscAtomicArrayQueue<Task> lane : lanes) {
            n += lane.size();
        }
        return n;
    }

    /** Loop only. @return the next task of this rank without taking it, or null. */
    public Task peek(int rank) {
        return lanes[rank].relaxedPeek();
    }

    /** @return tasks waiting in the lane of this rank (an estimate while producers are active). */
    public long size(int rank) {
        return lanes[rank].size();
    }

    public boolean isEmpty() {
        for (MpscAtomicArrayQueue<Task> lane : lanes) {
            if (!lane.isEmpty()) {
                return false;
            }
        }
        return true;
    }
}
