package io.htcengine.spi;

import io.htcengine.api.Resources;

/**
 * A task running now, as a {@link SchedulingPolicy} sees it through {@link Dispatcher#running()}. Immutable.
 *
 * @param id                the task's id
 * @param node              the id of the node it runs on
 * @param tenant            its tenant
 * @param resources         what it holds (besides one slot)
 * @param startNs           when this attempt was dispatched, on the engine clock
 * @param runtimeEstimateNs its spec's runtime estimate, or -1 when it has none
 */
public record RunningTask(long id, int node, String tenant, Resources resources, long startNs, long runtimeEstimateNs) {
    /**
     * @return when it is expected to end: start + estimate, or {@code nowNs} if it has already run past its estimate,
     *         or {@link Long#MAX_VALUE} without an estimate
     */
    public long estimatedEndNs(long nowNs) {
        return runtimeEstimateNs < 0 ? Long.MAX_VALUE : Math.max(nowNs, startNs + runtimeEstimateNs);
    }
}
