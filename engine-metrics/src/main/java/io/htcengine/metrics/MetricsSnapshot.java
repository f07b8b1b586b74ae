package io.htcengine.metrics;

import io.htcengine.api.Progress;
import io.htcengine.api.TaskState;

import java.util.Map;

/**
 * The engine's figures at one moment, as {@link EngineMetrics#snapshot()} read them. Each figure is read
 * separately while the engine runs, so two figures may disagree by the few transitions made in between.
 *
 * @param transitions      transitions into each state since the metrics were created (every state present)
 * @param admitted         tasks the scheduler took from its lanes (left SUBMITTED, to QUEUED or CANCELLED): each
 *                         accepted task once; the {@code hpc_job_total} counter
 * @param finished         tasks that reached a terminal state (COMPLETED, FAILED or CANCELLED)
 * @param progress         the bound engine's task counts by state now, or null if no engine is bound
 * @param queueWait        per attempt: from ready (submission for the first attempt, re-entering QUEUED after a
 *                         retry's backoff) to RUNNING
 * @param schedulingDelay  per task: from admission (SUBMITTED → QUEUED) to the first dispatch (→ RUNNING)
 * @param runTime          per attempt: from RUNNING to COMPLETED, FAILED, RETRY or CANCELLED
 * @param submitToComplete per task that COMPLETED or FAILED: from submission to that terminal transition
 * @param runningUsage     the resources the running tasks last reported
 * @param byTenant         transitions into each state, per tenant (the first 100 tenants seen; later ones under
 *                         {@code _other}), in the order first seen
 * @param cluster          the bound cluster's status (utilisation per resource, node and pool, tenants' use), or null
 *                         if none is bound ({@link EngineMetrics#bindCluster}) or it did not answer in time
 */
public record MetricsSnapshot(Map<TaskState, Long> transitions, long admitted, long finished, Progress progress,
                              LatencySummary queueWait, LatencySummary schedulingDelay, LatencySummary runTime,
                              LatencySummary submitToComplete, RunningUsage runningUsage,
                              Map<String, Map<TaskState, Long>> byTenant, io.htcengine.api.ClusterStatus cluster) {

    public MetricsSnapshot {
        transitions = Map.copyOf(transitions);
        byTenant = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byTenant));
    }

    /** @return transitions into {@code state} (for a terminal state: tasks that ended in it). */
    public long count(TaskState state) {
        return transitions.getOrDefault(state, 0L);
    }

    /** @return a few lines for a run's summary. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append("tasks: admitted=").append(admitted)
            .append(" completed=").append(count(TaskState.COMPLETED))
            .append(" failed=").append(count(TaskState.FAILED))
            .append(" cancelled=").append(count(TaskState.CANCELLED))
            .append(" retries=").append(count(TaskState.RETRY)).append('\n');
        sb.append("queue wait:         ").append(queueWait).append('\n');
        sb.append("scheduling delay:   ").append(schedulingDelay).append('\n');
        sb.append("run time:           ").append(runTime).append('\n');
        sb.append("submit to complete: ").append(submitToComplete).append('\n');
        return sb.toString();
    }
}
