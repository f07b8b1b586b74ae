/**
 * Metrics fed by the engine's listener SPI: HdrHistogram latency distributions and Prometheus exposition.
 * The module builds empty until the metrics issue lands; see docs/architecture.md.
 */
package io.htcengine.metrics;
