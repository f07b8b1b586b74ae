package io.htcengine.internal.task;

import io.htcengine.api.TaskHandle;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * A read-only list view over an array of tasks, as handles: what a vector submit returns. No per-task wrapper: each
 * {@link #get} returns the task itself (a task is its own handle). The array is never written once the view is made.
 *
 * <p>Threading: immutable once constructed; any thread.
 *
 * @param <O> the output type the caller's specs declare (unchecked: a task holds its output as an {@code Object})
 */
public final class TaskHandleList<O> extends AbstractList<TaskHandle<O>> implements RandomAccess {
    private final Task[] tasks;
    private final int size;

    /** A view of {@code tasks[0, size)}. */
    public TaskHandleList(Task[] tasks, int size) {
        if (size < 0 || size > tasks.length) {
            throw new IllegalArgumentException("size " + size + " is outside 0 to " + tasks.length);
        }
        this.tasks = tasks;
        this.size = size;
    }

    /** A view of the whole array. */
    public TaskHandleList(Task[] tasks) {
        this(tasks, tasks.length);
    }

    @Override
    @SuppressWarnings("unchecked")
    public TaskHandle<O> get(int index) {
        if (index >= size) { // a negative index fails on the array
            throw new IndexOutOfBoundsException("index " + index + " out of a batch of " + size);
        }
        return (TaskHandle<O>) (TaskHandle<?>) tasks[index];
    }

    @Override
    public int size() {
        return size;
    }
}
