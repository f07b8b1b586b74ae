package io.htcengine.examples.bench;

import java.util.List;
import java.util.Optional;

/**
 * The one table that maps JMH result names (benchmark class and method, and for allocation the gc profiler's
 * secondary result) to issue 9's scenarios and peers. The benchmarks live in the {@code jmh} module
 * ({@code io.htcengine.jmh}); this is the only place their names are known to {@code ./htc bench}.
 *
 * <p>Immutable; safe from any thread.
 */
public final class ScenarioTable {
    /** Package of the benchmark classes in the benchmarks jar. */
    static final String PACKAGE = "io.htcengine.jmh.";

    /** What a row reads from a JMH result: its primary score, or one of its secondary results. */
    enum Metric {
        /** The primary score, in operations per second (the benchmarks are all in throughput mode). */
        THROUGHPUT,
        /** The gc profiler's bytes allocated per operation ({@code gc.alloc.rate.norm}). */
        ALLOCATION,
        /** The 99th-percentile latency in microseconds, from {@code io.htcengine.jmh.LatencyProfiler}. */
        LATENCY_P99
    }

    /** Where the value of a row's {@code variantParam} goes in the summary's keys. */
    enum VariantKey {
        /** The scenario key becomes {@code scenario.value} when a run has more than one value (S3's shapes). */
        SCENARIO,
        /** The peer key becomes {@code peer_value}, lower case, always (S6's durability: engine_async, engine_sync). */
        PEER
    }

    /**
     * One row: the JMH result {@code benchmark} (class.method, without the package) read as {@code metric} is the
     * score of {@code peer} in {@code scenario}. {@code variantParam}, when not null, is a JMH parameter whose
     * value tells runs of one benchmark apart; {@code variantKey} says whether it names a variant of the scenario
     * (S3's graph shape) or a peer of its own (S6's durability mode).
     */
    record Row(String benchmark, Metric metric, String scenario, String peer, String variantParam,
               VariantKey variantKey) {
        /** A row whose variant, if any, keys the scenario. */
        Row(String benchmark, Metric metric, String scenario, String peer, String variantParam) {
            this(benchmark, metric, scenario, peer, variantParam, VariantKey.SCENARIO);
        }
    }

    /** The table, in report order. */
    static final List<Row> ROWS = List.of(
        new Row("PriorityThroughputBenchmark.engine", Metric.THROUGHPUT, "S1", "engine", null),
        new Row("PriorityThroughputBenchmark.tpePriorityBlockingQueue", Metric.THROUGHPUT, "S1", "tpe_pbq", null),
        new Row("PriorityThroughputBenchmark.forkJoin", Metric.THROUGHPUT, "S1", "forkjoin", null),
        new Row("TwoProducerThroughputBenchmark.engine", Metric.THROUGHPUT, "S2", "engine", null),
        new Row("TwoProducerThroughputBenchmark.tpePriorityBlockingQueue", Metric.THROUGHPUT, "S2", "tpe_pbq", null),
        new Row("TwoProducerThroughputBenchmark.forkJoin", Metric.THROUGHPUT, "S2", "forkjoin", null),
        new Row("DagBenchmark.engine", Metric.THROUGHPUT, "S3", "engine", "shape"),
        new Row("DagBenchmark.completableFuture", Metric.THROUGHPUT, "S3", "completablefuture", "shape"),
        new Row("LowLoadLatencyBenchmark.engine", Metric.LATENCY_P99, "S4", "engine", null),
        new Row("LowLoadLatencyBenchmark.tpe", Metric.LATENCY_P99, "S4", "tpe", null),
        new Row("PlacementBenchmark.place", Metric.THROUGHPUT, "S5", "engine", "nodes"),
        new Row("PlacementBenchmark.bruteForceBestFit", Metric.THROUGHPUT, "S5", "linear_scan", "nodes"),
        new Row("DurableThroughputBenchmark.durable", Metric.THROUGHPUT, "S6", "engine", "durability",
            VariantKey.PEER),
        new Row("DurableThroughputBenchmark.inMemory", Metric.THROUGHPUT, "S6", "in_memory", null),
        new Row("PriorityThroughputBenchmark.engine", Metric.ALLOCATION, "alloc", "engine", null),
        new Row("PriorityThroughputBenchmark.tpePriorityBlockingQueue", Metric.ALLOCATION, "alloc", "tpe_pbq", null));

    /**
     * The JMH include pattern that selects exactly the table's methods, and no other method of their classes (S3's
     * Dexecutor side, for one, takes minutes per invocation: docs/performance.md runs it separately).
     */
    static final String INCLUDE = "^io\\.htcengine\\.jmh\\.(" + ROWS.stream().map(Row::benchmark).distinct()
        .map(name -> name.replace(".", "\\.")).collect(java.util.stream.Collectors.joining("|")) + ")$";

    private ScenarioTable() {
    }

    /** @return the rows for a JMH benchmark name such as {@code io.htcengine.jmh.DagBenchmark.engine} */
    static List<Row> rowsFor(String jmhBenchmark) {
        Optional<String> shortName = jmhBenchmark.startsWith(PACKAGE)
            ? Optional.of(jmhBenchmark.substring(PACKAGE.length())) : Optional.empty();
        return shortName.map(name -> ROWS.stream().filter(row -> row.benchmark().equals(name)).toList())
            .orElse(List.of());
    }
}
