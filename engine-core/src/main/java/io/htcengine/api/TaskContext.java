package io.htcengine.api;

/**
 * What a running handler may ask about its task. Valid for the duration of the handler call,
 * from the thread running it.
 */
public interface TaskContext {
    long taskId();

    /** @return the id of the session the task belongs to, or 0 when it was submitted alone. */
    long sessionId();

    /** @return 1 for the first attempt, 2 for the first retry, and so on. */
    int attempt();

    int priority();

    TaskType type();

    /**
     * @return whether cancellation was requested. A long handler should poll this and return early;
     * the thread running it is also interrupted.
     */
    boolean isCancelled();

    /**
     * Reports the resources this attempt uses now, for metrics and listeners ({@code TaskListener.onUsage}); call it
     * as often as useful. Samples are telemetry: they never block the task, and if the engine's sample queue is full
     * the sample is dropped (and counted in {@code Engine.droppedUsageSamples()}).
     *
     * @param cpuPercent  CPU in use, in percent of one core, finite and not negative
     * @param memoryBytes memory in use, in bytes, not negative
     * @param gpuPercent  GPU in use, in percent of one GPU, finite and not negative
     */
    void reportUsage(double cpuPercent, long memoryBytes, double gpuPercent);

    /**
     * The output of a parent, by its key in the task's graph. Safe: a task runs only after its parents finished.
     *
     * @throws IllegalArgumentException if the task has no parent with that key (the message lists its parents)
     * @throws IllegalStateException    if that parent did not complete (possible under {@link FailurePolicy#CONTINUE})
     */
    <T> T parentOutput(String parentKey);

    /** @return how the parent with this key ended, or null if it is a task named by id that had long finished. */
    TaskState parentState(String parentKey);

    /** @return the keys of the task's parents, empty for a task without dependencies. */
    java.util.List<String> parentKeys();
}
