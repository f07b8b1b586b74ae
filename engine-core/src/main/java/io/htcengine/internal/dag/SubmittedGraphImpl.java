package io.htcengine.internal.dag;

import io.htcengine.api.SubmittedGraph;
import io.htcengine.api.TaskHandle;
import io.htcengine.internal.task.Task;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The handles of a submitted graph. The key index is built on first lookup, so a huge graph costs it only if asked. */
public final class SubmittedGraphImpl implements SubmittedGraph {
    private final Task[] tasks; // topological order
    private volatile Map<String, Task> byKey;

    public SubmittedGraphImpl(Task[] tasks) {
        this.tasks = tasks;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <O> TaskHandle<O> task(String key) {
        Map<String, Task> index = byKey;
        if (index == null) {
            index = new HashMap<>(tasks.length * 2);
            for (Task t : tasks) {
                index.put(t.graphNode().key(), t);
            }
            byKey = index;
        }
        Task t = index.get(key);
        if (t == null) {
            throw new IllegalArgumentException("the graph has no task with key '" + key + "'");
        }
        return (TaskHandle<O>) (TaskHandle<?>) t;
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
