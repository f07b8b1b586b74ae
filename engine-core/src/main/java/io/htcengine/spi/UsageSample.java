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
    /**
     * Checks a reported usage: each amount finite and zero or more.
     *
     * @throws IllegalArgumentException naming the first bad amount
     */
    public static void validate(double cpuPercent, long memoryBytes, double gpuPercent) {
        if (!(cpuPercent >= 0) || Double.isInfinite(cpuPercent)) {
            throw new IllegalArgumentException("cpuPercent must be a finite number >= 0, was " + cpuPercent);
        }
        if (memoryBytes < 0) {
            throw new IllegalArgumentException("memoryBytes must be >= 0, was " + memoryBytes);
        }
        if (!(gpuPercent >= 0) || Double.isInfinite(gpuPercent)) {
            throw new IllegalArgumentException("gpuPercent must be a finite number >= 0, was " + gpuPercent);
        }
    }
}
