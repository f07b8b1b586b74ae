/**
 * Metrics fed by the engine's listener SPI: HdrHistogram latency distributions, a Java snapshot API and Prometheus
 * exposition. Entry points: {@link io.htcengine.metrics.EngineMetrics} (the listener and the figures),
 * {@link io.htcengine.metrics.MetricsSnapshot} (a point-in-time copy), {@link io.htcengine.metrics.MetricsServer}
 * (an opt-in HTTP {@code /metrics} endpoint). See docs/metrics.md for names, units and cardinality. The cluster
 * gauges ({@link io.htcengine.metrics.EngineMetrics#bindCluster}) are not recorded at all: each scrape renders one
 * {@code Cluster.status()} report ({@code ClusterStatusReader} fetches it with a timeout, {@code ClusterExposition}
 * turns it into gauges).
 *
 * <h2>Threads</h2>
 * One writer: the engine's listener thread (in invoker mode, the thread that calls {@code Engine.doWork()}) records
 * every figure. Any number of readers (a scrape, {@code snapshot()}) read them without stopping the writer:
 * counters are single-writer atomic arrays, histograms are HdrHistogram {@code SingleWriterRecorder}s whose
 * interval histograms readers fold into a cumulative copy. The writer never blocks and never takes a lock; readers
 * serialise among themselves on each histogram's monitor.
 *
 * <h2>Memory-ordering legend</h2>
 * Method names say what ordering they give, as in JCTools and Caffeine:
 * <ul>
 *   <li>{@code …Release}: a plain read of the writer's own value, then a release store ({@code setRelease}) —
 *       the writer's side of a single-writer counter; no read-modify-write instruction is needed;</li>
 *   <li>{@code …Acquire}: an acquire load ({@code getAcquire}) — a reader on another thread sees every store
 *       the writer released before it.</li>
 * </ul>
 */
package io.htcengine.metrics;
