package io.htcengine.spi;

/**
 * Resources a running task reported using ({@link io.htcengine.api.TaskContext#reportUsage}), as a
 * {@link TaskListener} receives it.
 *
 * @param taskId      the task
 * @param sessionId   its session, or 0
 * @param name        its spec's name
 * @param priority    its priority
 * @param attempt     the attempt that reported it
 * @param timeNs      when it was reported, on the engine's clock
 * @param cpuPercent  CPU in use, in percent of one core (200 = two cores busy)
 * @param memoryBytes memory in use, in bytes
 * @param gpuPercent  GPU in use, in percent of one GPU
 */
public record UsageSample(long taskId, long sessionId, String name, int priority, int attempt, long timeNs,
                          double cpuPercent, long memoryBytes, double gpuPercent) {
}
