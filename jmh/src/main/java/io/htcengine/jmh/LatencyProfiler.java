package io.htcengine.jmh;

import org.HdrHistogram.Histogram;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.util.Collection;
import java.util.List;

/**
 * Reports the latency percentiles {@link LowLoadLatencyBenchmark} recorded during one iteration as JMH secondary
 * results, in microseconds: {@code latency.p50}, {@code latency.p99}, {@code latency.p99.9}, {@code latency.max}
 * (averaged over iterations, as JMH averages any score), plus {@code latency.count}, the sends recorded. For other
 * benchmarks it reports nothing, so it can be given to a whole-suite run.
 *
 * <p>JMH instantiates it in the forked benchmark VM and calls it on the control thread before and after every
 * iteration, while no benchmark thread runs; it only takes interval histograms from
 * {@link LowLoadLatencyBenchmark#LATENCY}. Enable with {@code -prof io.htcengine.jmh.LatencyProfiler}.
 */
public final class LatencyProfiler implements InternalProfiler {
    private static final double NS_PER_US = 1_000.0;

    @Override
    public String getDescription() {
        return "latency percentiles (us) recorded by LowLoadLatencyBenchmark, coordinated-omission corrected";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        LowLoadLatencyBenchmark.LATENCY.reset();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
                                                       IterationParams iterationParams, IterationResult result) {
        Histogram histogram = LowLoadLatencyBenchmark.LATENCY.getIntervalHistogram();
        if (histogram.getTotalCount() == 0) {
            return List.of();
        }
        return List.of(
            percentile("latency.p50", histogram, 50),
            percentile("latency.p99", histogram, 99),
            percentile("latency.p99.9", histogram, 99.9),
            new ScalarResult("latency.max", histogram.getMaxValue() / NS_PER_US, "us", AggregationPolicy.MAX),
            new ScalarResult("latency.count", histogram.getTotalCount(), "sends", AggregationPolicy.SUM));
    }

    private static ScalarResult percentile(String label, Histogram histogram, double percentile) {
        return new ScalarResult(label, histogram.getValueAtPercentile(percentile) / NS_PER_US, "us",
            AggregationPolicy.AVG);
    }
}
