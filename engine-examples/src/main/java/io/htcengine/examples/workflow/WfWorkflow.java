package io.htcengine.examples.workflow;

import io.htcengine.api.TaskGraph;
import io.htcengine.api.TaskSpec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * A WfCommons workflow: a DAG of {@link WfTask}s. Immutable; the constructor checks that it is a DAG in
 * topological order, so every instance is one the engine accepts.
 *
 * @param name   the workflow's name (WfFormat's top-level {@code name})
 * @param source where it was read from, for messages: a file path or a resource name
 * @param tasks  the tasks in a topological order: every task after all of its parents (ties keep file order);
 *               ids unique, every parent one of them
 * @param notes  what the loader accepted but a reader should know, one sentence each (e.g. a dependency listed
 *               only on one side, see {@link WfFormatLoader}); empty for a clean file
 */
public record WfWorkflow(String name, String source, List<WfTask> tasks, List<String> notes) {

    public WfWorkflow {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must be non-blank, was " + name);
        }
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("source must be non-blank, was " + source);
        }
        tasks = List.copyOf(tasks);
        notes = List.copyOf(notes);
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            WfTask task = tasks.get(i);
            for (String parent : task.parents()) {
                if (!position.containsKey(parent)) {
                    throw new IllegalArgumentException("task '" + task.id() + "' has parent '" + parent + "', which is "
                        + (tasks.stream().anyMatch(t -> t.id().equals(parent)) ? "not before it: tasks must be in "
                        + "topological order" : "not a task of the workflow"));
                }
            }
            if (position.put(task.id(), i) != null) {
                throw new IllegalArgumentException("task id '" + task.id() + "' is used twice");
            }
        }
    }

    /** @return the number of dependencies (parent-child pairs). */
    public int edgeCount() {
        return tasks.stream().mapToInt(t -> t.parents().size()).sum();
    }

    /** @return the tasks by id, in the order of {@link #tasks()}. */
    public Map<String, WfTask> tasksById() {
        Map<String, WfTask> byId = new LinkedHashMap<>();
        tasks.forEach(t -> byId.put(t.id(), t));
        return Collections.unmodifiableMap(byId);
    }

    /** @return every task's children (the tasks that list it as a parent), by id, in the order of {@link #tasks()}. */
    public Map<String, List<String>> childrenById() {
        Map<String, List<String>> children = new LinkedHashMap<>();
        tasks.forEach(t -> children.put(t.id(), new ArrayList<>()));
        tasks.forEach(t -> t.parents().forEach(p -> children.get(p).add(t.id())));
        children.replaceAll((id, list) -> List.copyOf(list));
        return Collections.unmodifiableMap(children);
    }

    /**
     * The bottom level of each task: the heaviest path from it to an exit task, both ends included, where a path
     * weighs the sum of its tasks' weights. List schedulers (HEFT's upward rank) run the highest first.
     *
     * @param weight a task's weight, e.g. {@code WfTask::runtimeSeconds}; zero or more
     * @return by index in {@link #tasks()}
     */
    public double[] bottomLevels(ToDoubleFunction<WfTask> weight) {
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            position.put(tasks.get(i).id(), i);
        }
        double[] level = new double[tasks.size()];
        for (int i = 0; i < level.length; i++) {
            level[i] = weight.applyAsDouble(tasks.get(i));
        }
        // Children come after their parents, so walking backwards finishes each task before its parents use it.
        for (int i = tasks.size() - 1; i >= 0; i--) {
            for (String parent : tasks.get(i).parents()) {
                int p = position.get(parent);
                level[p] = Math.max(level[p], weight.applyAsDouble(tasks.get(p)) + level[i]);
            }
        }
        return level;
    }

    /**
     * @param weight a task's weight, zero or more
     * @return the weight of the heaviest path through the DAG: no schedule, on any number of workers, finishes
     * sooner than this when each task takes its weight
     */
    public double criticalPath(ToDoubleFunction<WfTask> weight) {
        double longest = 0;
        for (double level : bottomLevels(weight)) {
            longest = Math.max(longest, level);
        }
        return longest;
    }

    /** @return the critical path by recorded runtime, in seconds. */
    public double criticalPathSeconds() {
        return criticalPath(WfTask::runtimeSeconds);
    }

    /**
     * Turns the workflow into an engine graph: one task per WfCommons task, keyed by its id, its {@link WfTask} as
     * the input, and its parents as dependencies.
     *
     * @param specFor the spec to run each task with (e.g. one per priority); must not return null
     */
    public TaskGraph toTaskGraph(Function<? super WfTask, ? extends TaskSpec<WfTask, ?>> specFor) {
        TaskGraph.Builder graph = TaskGraph.builder();
        for (WfTask task : tasks) {
            graph.add(task.id(), specFor.apply(task), task, task.parents());
        }
        return graph.build();
    }

    /** As {@link #toTaskGraph(Function)}, every task with the same spec. */
    public TaskGraph toTaskGraph(TaskSpec<WfTask, ?> spec) {
        return toTaskGraph(task -> spec);
    }
}
