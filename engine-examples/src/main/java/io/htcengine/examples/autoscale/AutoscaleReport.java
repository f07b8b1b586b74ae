package io.htcengine.examples.autoscale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.htcengine.api.SessionState;
import io.htcengine.api.SessionSummary;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * What one {@link AutoscaleRun} saw.
 *
 * @param settings   what was asked for
 * @param bursts     bursts submitted
 * @param tasks      tasks submitted, over every burst
 * @param workMs     their run times added up: the work, in core-milliseconds (each task holds one core)
 * @param session    how the session holding every task ended
 * @param wallS      from the first burst's submission to the end of the run (the last gap included), in seconds
 * @param samples    the pool as sampled, in time order
 * @param scaleUps   nodes the pool asked of the provisioner after its first (its minimum)
 * @param scaleDowns nodes the pool gave back to the provisioner (drained, then removed)
 */
public record AutoscaleReport(AutoscaleSettings settings, int bursts, int tasks, long workMs, SessionSummary session,
                              double wallS, List<PoolSample> samples, long scaleUps, long scaleDowns) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public AutoscaleReport {
        samples = List.copyOf(samples);
    }

    /** @return the largest pool size sampled. */
    public int peakNodes() {
        return samples.stream().mapToInt(PoolSample::nodes).max().orElse(0);
    }

    /** @return the smallest pool size sampled. */
    public int minNodesSeen() {
        return samples.stream().mapToInt(PoolSample::nodes).min().orElse(0);
    }

    /** @return the pool size at the last sample. */
    public int finalNodes() {
        return samples.isEmpty() ? 0 : samples.get(samples.size() - 1).nodes();
    }

    /** @return the most tasks seen waiting for room. */
    public int peakPendingTasks() {
        return samples.stream().mapToInt(PoolSample::pendingTasks).max().orElse(0);
    }

    /** @return whether every task completed. */
    public boolean allCompleted() {
        return session.state() == SessionState.COMPLETED && session.completed() == tasks;
    }

    /** @return whether the pool grew above one node and, later, had fewer nodes than at its peak. */
    public boolean grewAndShrank() {
        int peakAt = -1;
        for (int i = 0; i < samples.size(); i++) {
            if (peakAt < 0 || samples.get(i).nodes() > samples.get(peakAt).nodes()) {
                peakAt = i;
            }
        }
        if (peakAt < 0 || samples.get(peakAt).nodes() <= 1) {
            return false;
        }
        for (int i = peakAt + 1; i < samples.size(); i++) {
            if (samples.get(i).nodes() < samples.get(peakAt).nodes()) {
                return true;
            }
        }
        return false;
    }

    /** Prints the summary (the samples were printed as they were taken). */
    public void printText(PrintStream out) {
        out.printf(Locale.ROOT, "%d bursts, %,d tasks: %,d completed, %,d failed, %,d cancelled in %.2f s (%.1f "
                + "core-seconds of work)%n", bursts, tasks, session.completed(), session.failed(), session.cancelled(),
            wallS, workMs / 1e3);
        out.printf(Locale.ROOT, "pool '%s': 1 to %d nodes allowed; sampled from %d to a peak of %d, %d at the end; "
                + "%d node(s) added, %d released%n", AutoscaleRun.POOL, settings.maxNodes(), minNodesSeen(),
            peakNodes(), finalNodes(), scaleUps, scaleDowns);
        out.printf(Locale.ROOT, "at most %,d tasks waited for room; the pool %s%n", peakPendingTasks(),
            grewAndShrank() ? "grew under load and shrank after it" : "did not both grow and shrink");
    }

    /**
     * @return one JSON object on one line: tasks, completed, failed, wall_s, work_s, pool_max, peak_nodes,
     *         min_nodes_seen, final_nodes, scale_ups, scale_downs, peak_pending_tasks, grew_and_shrank
     */
    public String toJson() {
        ObjectNode json = JSON.createObjectNode()
            .put("tasks", tasks)
            .put("completed", session.completed())
            .put("failed", session.failed())
            .put("wall_s", Math.round(wallS * 1e3) / 1e3)
            .put("work_s", workMs / 1e3)
            .put("pool_max", settings.maxNodes())
            .put("peak_nodes", peakNodes())
            .put("min_nodes_seen", minNodesSeen())
            .put("final_nodes", finalNodes())
            .put("scale_ups", scaleUps)
            .put("scale_downs", scaleDowns)
            .put("peak_pending_tasks", peakPendingTasks())
            .put("grew_and_shrank", grewAndShrank());
        return json.toString();
    }
}
