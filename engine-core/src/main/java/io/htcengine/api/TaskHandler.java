package io.htcengine.api;

/**
 * The code a task runs: input and context in, output out (the shape of a serverless function).
 * Called on a node's worker thread, never on the scheduler thread. A thrown exception fails the attempt.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
@FunctionalInterface
public interface TaskHandler<I, O> {
    O handle(I input, TaskContext context) throws Exception;
}
