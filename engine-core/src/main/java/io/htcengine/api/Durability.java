package io.htcengine.api;

/** When a durable submission counts as safe. See docs/persistence.md for what a crash can lose in each mode. */
public enum Durability {
    /**
     * The default. {@code submit} returns once the task is queued for the journal and in its lane; the journal
     * commits it with the next batch. A crash can lose the submissions (and transitions) not yet committed: at most
     * the journal's queue plus the batch being written.
     */
    ASYNC,
    /** {@code submit} returns only after the journal has committed the task: an acknowledged task survives a crash. */
    SYNC
}
