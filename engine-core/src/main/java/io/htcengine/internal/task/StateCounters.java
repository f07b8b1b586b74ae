package io.htcengine.internal.task;

import io.htcengine.api.Progress;
import io.htcengine.api.TaskState;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Task counts by state. Single writer (the scheduler loop) with release stores; any thread may read.
 * SUBMITTED is not counted here: tasks still in a lane are counted by whoever owns the lanes.
 */
public final class StateCounters {
    private final AtomicLongArray counts = new AtomicLongArray(TaskState.values().length);

    /** Loop only. */
    public void move(TaskState from, TaskState to) {
        if (from != TaskState.SUBMITTED) {
            counts.lazySet(from.ordinal(), counts.get(from.ordinal()) - 1);
        }
        counts.lazySet(to.ordinal(), counts.get(to.ordinal()) + 1);
    }

    public long get(TaskState state) {
        return counts.get(state.ordinal());
    }

    /** @return whether nothing is queued, running or waiting to retry. */
    public boolean noneLive() {
        return get(TaskState.QUEUED) == 0 && get(TaskState.RUNNING) == 0 && get(TaskState.RETRY) == 0;
    }

    public long done() {
        return get(TaskState.COMPLETED) + get(TaskState.FAILED) + get(TaskState.CANCELLED);
    }

    public Progress snapshot(long submitted) {
        return new Progress(submitted, get(TaskState.QUEUED), get(TaskState.RUNNING), get(TaskState.RETRY),
            get(TaskState.COMPLETED), get(TaskState.FAILED), get(TaskState.CANCELLED));
    }
}
