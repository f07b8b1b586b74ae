package io.htcengine.api;

/** Who runs the scheduler loop. */
public enum ThreadingMode {
    /** The engine starts its own scheduler thread and listener thread. The default. */
    DEDICATED_THREAD,
    /**
     * The caller drives the loop by calling {@link Engine#doWork()}; nothing runs in between. With a
     * {@link ManualClock} and a manual executor this makes a run fully deterministic: what tests and the
     * simulation use. Listeners are called from {@code doWork()} after the scheduler's duties.
     */
    INVOKER
}
