package io.htcengine.metrics;

/**
 * A latency distribution summed up, every time in microseconds (HdrHistogram precision: 3 significant digits).
 *
 * @param count how many values were recorded
 * @param meanUs the mean
 * @param p50Us the median
 * @param p90Us the 90th percentile
 * @param p99Us the 99th percentile
 * @param maxUs the largest value
 */
public record LatencySummary(long count, double meanUs, double p50Us, double p90Us, double p99Us, double maxUs) {
    /** Nothing recorded: every figure 0. */
    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0);

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "n=%d mean=%.1fµs p50=%.1fµs p90=%.1fµs p99=%.1fµs max=%.1fµs",
            count, meanUs, p50Us, p90Us, p99Us, maxUs);
    }
}
