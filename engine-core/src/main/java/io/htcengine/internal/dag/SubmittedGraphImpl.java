package io.htcengine.internal.dag;

import io.htcengine.api.SubmittedGraph;
import io.htcengine.api.TaskGraph;
import io.htcengine.api.TaskHandle;
import io.htcengine.internal.task.Task;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The handles of a submitted graph. A generated key ({@code "#17"}) is found by its index; the index of explicit
 * keys is built on first lookup, so a huge graph costs it only if asked.
 */
public final class SubmittedGraphImpl implements SubmittedGraph {
    private final TaskGraph graph;
    private final Task[] tasks;  // topological order
    private final Task[] byNode; // by node index (tasks first)
    private volatile Map<String, Task> byKey;

    public SubmittedGraphImpl(TaskGraph graph, Task[] tasks, Task[] byNode) {
        this.graph = graph;
        this.tasks = tasks;
        this.byNode = byNode;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <O> TaskHandle<O> task(String key) {
        int generatedFor = key == null ? -1 : GeneratedKeys.indexOf(key);
        Task t;
        if (generatedFor >= 0 && generatedFor < graph.size() && !graph.hasKey(generatedFor)) {
            t = byNode[generatedFor];
        } else {
            Map<String, Task> index = byKey;
            if (index == null) {
                index = new HashMap<>(graph.size() * 2);
                for (int node = 0; node < graph.size(); node++) {
                    if (graph.hasKey(node)) {
                        index.put(graph.key(node), byNode[node]);
                    }
                }
                byKey = index;
            }
            t = index.get(key);
        }
        if (t == null) {
            throw new IllegalArgumentException("the graph has no task with key '" + key + "'");
        }
        return (TaskHandle<O>) (TaskHandle<?>) t;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <O> TaskHandle<O> task(int index) {
        if (index < 0 || index >= graph.size()) {
            throw new IndexOutOfBoundsException("index " + index + " is not a task of the graph: its tasks are 0 to "
                + (graph.size() - 1));
        }
        return (TaskHandle<O>) (TaskHandle<?>) byNode[index];
    }

    @Override
    public List<TaskHandle<?>> tasks() {
        return Collections.unmodifiableList(Arrays.asList(tasks));
    }

    @Override
    public int size() {
        return tasks.length;
    }
}
