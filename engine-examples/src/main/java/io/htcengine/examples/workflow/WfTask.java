package io.htcengine.examples.workflow;

import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One task of a WfCommons workflow: its id, the tasks it depends on, and what its recorded execution measured.
 * Immutable; the constructor checks every value.
 *
 * @param id             the WfCommons task id, unique in its workflow (also the task's key in the engine graph)
 * @param parents        ids of the tasks that must end before it starts; no duplicates, not itself
 * @param runtimeSeconds the recorded runtime ({@code runtimeInSeconds}), zero or more
 * @param cores          the cores it used ({@code coreCount}), 1 or more; 1 when the file does not say
 * @param memoryBytes    the memory it used ({@code memoryInBytes}), or empty when the file does not say
 */
public record WfTask(String id, List<String> parents, double runtimeSeconds, int cores, OptionalLong memoryBytes) {

    public WfTask {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id must be non-blank, was " + (id == null ? "null" : "'" + id + "'"));
        }
        parents = List.copyOf(parents); // also rejects a null list or a null id in it
        Set<String> seen = new HashSet<>();
        for (String parent : parents) {
            if (parent.equals(id)) {
                throw new IllegalArgumentException("task '" + id + "' lists itself as a parent");
            }
            if (!seen.add(parent)) {
                throw new IllegalArgumentException("task '" + id + "' lists parent '" + parent + "' twice");
            }
        }
        if (!(runtimeSeconds >= 0) || Double.isInfinite(runtimeSeconds)) {
            throw new IllegalArgumentException("task '" + id + "': runtimeSeconds must be a finite number, zero or "
                + "more, was " + runtimeSeconds);
        }
        if (cores < 1) {
            throw new IllegalArgumentException("task '" + id + "': cores must be 1 or more, was " + cores);
        }
        if (memoryBytes == null || memoryBytes.isPresent() && memoryBytes.getAsLong() < 0) {
            throw new IllegalArgumentException("task '" + id + "': memoryBytes must be empty (unknown) or zero or "
                + "more, was " + memoryBytes);
        }
    }
}
