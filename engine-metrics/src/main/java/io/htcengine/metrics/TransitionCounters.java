package io.htcengine.metrics;

import io.htcengine.api.TaskSpec;
import io.htcengine.api.TaskState;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Transitions counted by target state and priority, in one flat array of {@code states × (MAX_PRIORITY + 1)} cells.
 *
 * <p>Threading: single writer ({@link #incrementRelease}), any number of readers ({@link #getAcquire},
 * {@link #byStateAcquire}). See the legend in {@code package-info}.
 */
final class TransitionCounters {
    private static final int PRIORITIES = TaskSpec.MAX_PRIORITY + 1;
    private static final int STATES = TaskState.values().length;

    private final AtomicLongArray cells = new AtomicLongArray(STATES * PRIORITIES);

    /** Writer only. A priority outside 1..MAX_PRIORITY is counted under 0 rather than dropped. */
    void incrementRelease(TaskState to, int priority) {
        int p = priority >= TaskSpec.MIN_PRIORITY && priority <= TaskSpec.MAX_PRIORITY ? priority : 0;
        int i = to.ordinal() * PRIORITIES + p;
        cells.setRelease(i, cells.getPlain(i) + 1);
    }

    /** @return transitions into {@code to} of tasks of this priority. */
    long getAcquire(TaskState to, int priority) {
        return cells.getAcquire(to.ordinal() * PRIORITIES + priority);
    }

    /** @return transitions into {@code to}, all priorities. */
    long byStateAcquire(TaskState to) {
        long sum = 0;
        int base = to.ordinal() * PRIORITIES;
        for (int p = 0; p < PRIORITIES; p++) {
            sum += cells.getAcquire(base + p);
        }
        return sum;
    }
}
