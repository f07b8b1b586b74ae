package io.htcengine.spi;

import io.htcengine.api.TaskContext;

/**
 * One attempt of one task, handed to a {@link NodeExecutor}. Report its outcome exactly once, from any thread:
 * either {@link #run()} it here, or run it elsewhere and call {@link #complete(Object)} or {@link #fail(Throwable)}.
 */
public interface Execution extends TaskContext {
    /** @return the spec's name, for logs. */
    String name();

    /** Runs the handler on the calling thread and reports its outcome. Interruptible by cancellation. */
    void run();

    /** Reports success. @return false (and ignored) if this attempt was already reported. */
    boolean complete(Object output);

    /** Reports failure. @return false (and ignored) if this attempt was already reported. */
    boolean fail(Throwable error);
}
