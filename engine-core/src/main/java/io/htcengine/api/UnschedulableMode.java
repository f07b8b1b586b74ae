package io.htcengine.api;

/** What happens to a task whose request no node of any pool could ever hold. */
public enum UnschedulableMode {
    /** Rejected at submit with an {@link UnschedulableException} naming the resource (the default). */
    REJECT,
    /** Accepted and held QUEUED, reason "unschedulable: ...", until a node or pool that could hold it is added. */
    HOLD
}
