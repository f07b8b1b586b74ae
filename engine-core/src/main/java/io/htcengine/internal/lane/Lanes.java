package io.htcengine.internal.lane;

import io.htcengine.api.TaskSpec;
import io.htcengine.internal.task.Task;
import org.jctools.queues.atomic.MpscAtomicArrayQueue;

/**
 * One bounded multi-producer, single-consumer queue per priority level: where submitted tasks wait for the
 * scheduler to admit them. A full lane is backpressure, never a drop.
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
        this.lanes = new MpscAtomicArrayQueue[TaskSpec.MAX_PRIORITY];
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
        return lanes[task.priority() - 1].offer(task);
    }

    /**
     * Any thread: offers {@code tasks[from, to)} in order, stopping at the first task whose lane is full.
     *
     * @return the index of the first task not accepted ({@code to} when all were)
     */
    public int offerAll(Task[] tasks, int from, int to) {
        for (int k = from; k < to; k++) {
            if (!offer(tasks[k])) {
                return k;
            }
        }
        return to;
    }

    /** Loop only. @return the next task of this priority, or null. */
    public Task poll(int priority) {
        return lanes[priority - 1].relaxedPoll();
    }

    /** @return tasks waiting in all lanes (an estimate while producers are active). */
    public long size() {
        long n = 0;
        for (MpscAtomicArrayQueue<Task> lane : lanes) {
            n += lane.size();
        }
        return n;
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
