package io.htcengine.sim;

import io.htcengine.api.Resources;
import io.htcengine.api.TaskState;

/**
 * One simulated task's outcome. Times are on the simulation's virtual clock, in nanoseconds from its start.
 *
 * @param index     its submission's index (0 for the first {@code submitAt} call, then in call order; a graph's
 *                  tasks take consecutive indexes in the graph's topological order)
 * @param taskId    the engine's task id
 * @param name      the spec's name (for a graph task: its key)
 * @param tenant    the spec's tenant
 * @param resources what it held while it ran
 * @param submitNs  when it was submitted
 * @param startNs   when it was dispatched, or -1 if it never started
 * @param endNs     when it ended, or -1 if it never ended
 * @param node      the node it ran on, or null
 * @param state     its final state (QUEUED when the simulation ended with it still waiting)
 */
public record JobRecord(int index, long taskId, String name, String tenant, Resources resources, long submitNs,
                        long startNs, long endNs, String node, TaskState state) {
    /** @return start − submit, or -1 if it never started. */
    public long waitNs() {
        return startNs < 0 ? -1 : startNs - submitNs;
    }

    /** @return end − start, or -1 if it did not end. */
    public long runNs() {
        return endNs < 0 ? -1 : endNs - startNs;
    }
}
