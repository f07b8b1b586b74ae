package io.htcengine.api;

/**
 * A submitted durable task.
 *
 * @param jobId its id in the store, the same across restarts
 * @param task  its handle in this engine (this process only)
 */
public record DurableHandle(long jobId, TaskHandle<byte[]> task) {
}
