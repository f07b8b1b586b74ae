package io.htcengine.examples.demo;

import io.htcengine.spi.TaskEvent;
import io.htcengine.spi.TaskListener;
import org.HdrHistogram.Histogram;

/**
 * Records each task's submit-to-terminal latency (nanoseconds, on the engine's clock) into an HdrHistogram.
 *
 * <p>Threading: the engine calls {@link #onTransition} on its one listener thread, so a plain (single-writer,
 * unsynchronised) {@link Histogram} suffices. Read {@link #histogram()} only after the engine has terminated
 * ({@code engine.close()} returned): termination happens after the last event was delivered.
 */
final class LatencyRecorder implements TaskListener {
    /** Auto-resizing, three significant digits: 1 ns resolution, any range. */
    private final Histogram histogram = new Histogram(3);

    @Override
    public void onTransition(TaskEvent event) {
        if (event.to().isTerminal()) {
            histogram.recordValue(Math.max(0, event.timeNs() - event.submitNs()));
        }
    }

    /** @return the recorded latencies in nanoseconds; only after the engine terminated. */
    Histogram histogram() {
        return histogram;
    }
}
