package io.htcengine.examples.workflow;

import java.util.List;

/**
 * When one task of a workflow run ran, as its handler saw it.
 *
 * @param id      the WfCommons task id
 * @param parents its parents' ids
 * @param startNs when its handler started, nanoseconds after the run started
 * @param endNs   when its handler returned, nanoseconds after the run started
 */
public record TaskRun(String id, List<String> parents, long startNs, long endNs) {

    public TaskRun {
        parents = List.copyOf(parents);
    }

    public double startMs() {
        return startNs / 1e6;
    }

    public double endMs() {
        return endNs / 1e6;
    }
}
