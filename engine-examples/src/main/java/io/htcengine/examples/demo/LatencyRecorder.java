package io.htcengine.examples.demo;

import io.htcengine.api.TaskSpec;
import io.htcengine.spi.TaskEvent;
import io.htcengine.spi.TaskListener;
import org.HdrHistogram.Histogram;

/**
 * Records each task's submit-to-terminal latency (nanoseconds, on the engine's clock) into one HdrHistogram
 * per priority, which shows the priority lanes at work (the overall figures come from the engine's metrics).
 *
 * <p>Threading: the engine calls {@link #onTransition} on its one listener thread, so a plain (single-writer,
 * unsynchronised) {@link Histogram} suffices. Read {@link #histogram()} only after the engine has terminated
 * ({@code engine.close()} returned): termination happens after the last event was delivered.
 */
final class LatencyRecorder implements TaskListener {
    /** Auto-resizing, three significant digits: 1 ns resolution, any range. */
    private final Histogram[] byPriority = new Histogram[TaskSpec.MAX_PRIORITY + 1];

    LatencyRecorder() {
        for (int p = TaskSpec.MIN_PRIORITY; p <= TaskSpec.MAX_PRIORITY; p++) {
            byPriority[p] = new Histogram(3);
        }
    }

    /** Terminal states only: a listener that wants fewer transitions costs the scheduler less. */
    @Override
    public java.util.Set<io.htcengine.api.TaskState> interests() {
        return java.util.EnumSet.of(io.htcengine.api.TaskState.COMPLETED, io.htcengine.api.TaskState.FAILED,
            io.htcengine.api.TaskState.CANCELLED);
    }

    @Override
    public void onTransition(TaskEvent event) {
        if (event.to().isTerminal()) {
            long latencyNs = Math.max(0, event.timeNs() - event.submitNs());
            byPriority[event.priority()].recordValue(latencyNs);
        }
    }

    /** @return the latencies in nanoseconds of the tasks of one priority, 1 to 10; only after the engine terminated. */
    Histogram ofPriority(int priority) {
        return byPriority[priority];
    }
}
