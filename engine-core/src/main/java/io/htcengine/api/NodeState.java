package io.htcengine.api;

/**
 * Where a node is in its life. Only an {@link #UP} node receives new tasks and allocations.
 * <pre>
 * PROVISIONING ─▶ UP ⇄ CORDONED
 *                 UP | CORDONED ─▶ DRAINING ─▶ DRAINED ─▶ REMOVED
 *                 any but REMOVED ─▶ FAILED ─▶ REMOVED
 * </pre>
 */
public enum NodeState {
    /** Asked of the host's {@link io.htcengine.spi.NodeProvisioner}; not usable until it says it is ready. */
    PROVISIONING,
    /** Takes new work. */
    UP,
    /** Takes no new work; its running work goes on; {@code uncordon} makes it UP again. */
    CORDONED,
    /** Takes no new work; becomes DRAINED when its running tasks and allocations have ended. */
    DRAINING,
    /** Idle and taking no work: ready to be removed. */
    DRAINED,
    /** Declared failed: its running tasks went back to the queue as retries, its allocations were revoked. */
    FAILED,
    /** Gone; kept only in the history of status reports. */
    REMOVED;

    /** @return whether the node counts in its pool's size (it exists, or is being provisioned). */
    public boolean countsInPool() {
        return this != FAILED && this != REMOVED;
    }
}
