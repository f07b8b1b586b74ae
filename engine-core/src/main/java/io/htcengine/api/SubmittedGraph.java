package io.htcengine.api;

import java.util.List;

/** What submitting a {@link TaskGraph} returns: a handle per task, by key. Safe to use from any thread. */
public interface SubmittedGraph {
    /** @return the handle of the task added under {@code key}; an unknown key is an IllegalArgumentException. */
    <O> TaskHandle<O> task(String key);

    /** @return every task's handle, in the graph's topological order (parents before children). */
    List<TaskHandle<?>> tasks();

    int size();
}
