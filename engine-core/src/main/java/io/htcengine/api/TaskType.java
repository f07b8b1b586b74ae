package io.htcengine.api;

/** What kind of work a task is; it changes how the scheduler orders and holds it. */
public enum TaskType {
    /** Throughput work, ordered by priority then arrival. The default. */
    BATCH,
    /** Latency-sensitive work: served ahead of batch and streaming work of equal priority. */
    INTERACTIVE,
    /** Long-running work that holds its slot until its handler returns or it is cancelled. */
    STREAMING
}
