package io.htcengine.spi;

/**
 * Runs the tasks the scheduler dispatches to one node. The engine never hands a node more executions
 * than its slots; each execution must be reported exactly once ({@link Execution#run()},
 * {@link Execution#complete(Object)} or {@link Execution#fail(Throwable)}), from any thread.
 *
 * <p>Threading: every method is called on the scheduler thread and must return quickly without blocking.
 */
public interface NodeExecutor {
    /** Called once before the first dispatch. */
    default void start(String nodeName) {
    }

    /** Starts, or hands off, one execution. Must not block and must not run the handler inline. */
    void execute(Execution execution);

    /**
     * Called after the {@link #execute} calls of one scheduler cycle: send what was batched, wake what sleeps.
     * Lets an executor pay for a wake-up or a network write once per batch rather than once per task.
     */
    default void flush() {
    }

    /** A running execution was cancelled. Its flag is already set and, if run by {@link Execution#run()}, its thread interrupted. */
    default void cancel(Execution execution) {
    }

    /** Called once when the engine has terminated: release threads and connections. Must not block. */
    default void close() {
    }
}
