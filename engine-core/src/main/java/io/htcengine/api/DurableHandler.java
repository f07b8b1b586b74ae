package io.htcengine.api;

/**
 * The code of a durable task, registered under a name ({@link Persistence#handler}) so that a task can be recovered
 * after a restart by naming it. Input and output are bytes: the host chooses the encoding; the engine never uses
 * Java serialisation. Runs on a worker thread, like any {@link TaskHandler}; it may run more than once for one task
 * (at-least-once: an attempt cut short by a crash runs again), so make its effects idempotent.
 */
@FunctionalInterface
public interface DurableHandler {
    /**
     * @param input   the task's input, as submitted
     * @param context the attempt: its checkpoint from an earlier attempt, and a way to save one
     * @return the output, or null
     */
    byte[] handle(byte[] input, DurableContext context) throws Exception;
}
