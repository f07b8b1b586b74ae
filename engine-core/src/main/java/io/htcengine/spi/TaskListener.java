package io.htcengine.spi;

import io.htcengine.api.SessionSummary;

/**
 * Sees every task transition, in the order the scheduler made them. Called on the engine's listener thread
 * (in invoker mode: from {@code Engine.doWork()} after the scheduler's duties), never on the scheduler thread,
 * one call at a time. A slow listener slows the engine (its event ring fills) but never loses an event.
 * An exception (or an {@code Error}) thrown here is logged and otherwise ignored.
 */
public interface TaskListener {
    void onTransition(TaskEvent event);

    /**
     * The target states whose transitions this listener wants; by default all. The scheduler publishes a
     * transition only if some listener wants it, so a narrower set makes the engine faster (a latency recorder needs
     * only the terminal states).
     */
    default java.util.Set<io.htcengine.api.TaskState> interests() {
        return java.util.EnumSet.allOf(io.htcengine.api.TaskState.class);
    }

    /**
     * A running task reported the resources it uses ({@link io.htcengine.api.TaskContext#reportUsage}). Samples
     * travel beside the transitions, not through the scheduler: one may arrive after its task has ended.
     */
    default void onUsage(UsageSample sample) {
    }

    /** A session finished. */
    default void onSessionDone(SessionSummary summary) {
    }

    /**
     * Called once for each engine built with this listener, on the thread that builds it, before the engine runs
     * anything (do not call the engine from here). A listener that can serve only one engine refuses a second by
     * throwing {@link IllegalStateException}: the build then fails with that exception, and no engine is started.
     */
    default void onRegistered(io.htcengine.api.Engine engine) {
    }
}
