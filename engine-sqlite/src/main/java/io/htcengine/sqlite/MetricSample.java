package io.htcengine.sqlite;

/**
 * A job's resource usage at one moment.
 *
 * @param jobId       the job
 * @param timeMs      when, epoch milliseconds
 * @param cpuPercent  percent of one core (200 = two cores busy)
 * @param memoryBytes bytes in use
 * @param gpuPercent  percent of one GPU
 */
public record MetricSample(long jobId, long timeMs, double cpuPercent, long memoryBytes, double gpuPercent) {
}
