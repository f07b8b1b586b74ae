package io.htcengine.api;

import java.util.List;

/** What submitting a {@link TaskGraph} returns: a handle per task, by key. Safe to use from any thread. */
public interface SubmittedGraph {
    /** @return the handle of the task added under {@code key}; an unknown key is an IllegalArgumentException. */
    <O> TaskHandle<O> task(String key);

    /**
     * @return the handle of the task at {@code index} in its builder: the number {@code TaskGraph.Builder.add} returned
     * for it, or its position in the order tasks were added by key (externals are not tasks of the graph)
     * @throws IndexOutOfBoundsException naming the index and the graph's size, if it is not a task of the graph
     */
    <O> TaskHandle<O> task(int index);

    /** @return every task's handle, in the graph's topological order (parents before children). */
    List<TaskHandle<?>> tasks();

    int size();
}
