package io.htcengine.metrics;

/**
 * The resources the running tasks last reported ({@code TaskContext.reportUsage}), over the tasks that did report.
 *
 * @param tasks           running tasks with at least one sample
 * @param cpuPercentMean  mean CPU in use, percent of one core
 * @param memoryBytesSum  memory in use, all of them together
 * @param gpuPercentMean  mean GPU in use, percent of one GPU
 */
public record RunningUsage(int tasks, double cpuPercentMean, long memoryBytesSum, double gpuPercentMean) {
    public static final RunningUsage NONE = new RunningUsage(0, 0, 0, 0);
}
