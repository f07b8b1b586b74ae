package io.htcengine.metrics;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * One latency distribution in nanoseconds: a wait-free {@link SingleWriterRecorder} on the writer's side, and a
 * cumulative {@link Histogram} that readers fold each interval into.
 *
 * <p>Threading: {@link #recordNs} from the single writer only (wait-free, never blocks); every other method from any
 * thread (readers serialise on this object's monitor, which the writer never takes).
 */
final class LatencyHistogram {
    /** Significant decimal digits kept: values are exact to 0.1 %. */
    private static final int SIGNIFICANT_DIGITS = 3;

    private final SingleWriterRecorder recorder = new SingleWriterRecorder(SIGNIFICANT_DIGITS);
    private final Histogram cumulative = new Histogram(SIGNIFICANT_DIGITS);
    private Histogram interval;

    /** Writer only. A negative value (a clock that went back) is recorded as 0. */
    void recordNs(long valueNs) {
        recorder.recordValue(Math.max(0, valueNs));
    }

    /** Folds what the writer recorded since the last read into the cumulative histogram. Monitor held. */
    private void foldLocked() {
        interval = recorder.getIntervalHistogram(interval);
        cumulative.add(interval);
    }

    /** @return count and quantiles of every value recorded so far, in microseconds. */
    synchronized LatencySummary summary() {
        foldLocked();
        long n = cumulative.getTotalCount();
        if (n == 0) {
            return LatencySummary.EMPTY;
        }
        return new LatencySummary(n,
            cumulative.getMean() / 1_000.0,
            cumulative.getValueAtPercentile(50) / 1_000.0,
            cumulative.getValueAtPercentile(90) / 1_000.0,
            cumulative.getValueAtPercentile(99) / 1_000.0,
            cumulative.getMaxValue() / 1_000.0);
    }

    /**
     * Fills {@code countsOut} with the values in each bucket (not cumulative) whose upper bounds, in nanoseconds, are
     * {@code upperBoundsNs} (the last bucket, +Inf, takes the rest).
     *
     * @return the approximate sum of every value in nanoseconds (count × mean: HdrHistogram keeps no exact sum)
     */
    synchronized double buckets(long[] upperBoundsNs, long[] countsOut) {
        foldLocked();
        long total = cumulative.getTotalCount();
        long below = 0;
        for (int i = 0; i < upperBoundsNs.length; i++) {
            long atOrBelow = total == 0 ? 0 : cumulative.getCountBetweenValues(0, upperBoundsNs[i]);
            countsOut[i] = atOrBelow - below;
            below = atOrBelow;
        }
        countsOut[upperBoundsNs.length] = total - below;
        return total == 0 ? 0 : cumulative.getMean() * total;
    }
}
