package io.htcengine.internal.task;

import io.htcengine.api.TaskContext;
import io.htcengine.api.TaskState;
import io.htcengine.api.TaskType;

import java.util.List;

/**
 * A {@link TaskContext} that answers with another's: the base of the contexts that add to a task's own (one attempt
 * of it, a durable task). Subclasses override what they change. Threading: as the context it forwards to.
 */
public abstract class ForwardingTaskContext implements TaskContext {
    private final TaskContext delegate;

    protected ForwardingTaskContext(TaskContext delegate) {
        this.delegate = delegate;
    }

    @Override
    public long taskId() {
        return delegate.taskId();
    }

    @Override
    public long sessionId() {
        return delegate.sessionId();
    }

    @Override
    public int attempt() {
        return delegate.attempt();
    }

    @Override
    public int priority() {
        return delegate.priority();
    }

    @Override
    public TaskType type() {
        return delegate.type();
    }

    @Override
    public boolean isCancelled() {
        return delegate.isCancelled();
    }

    @Override
    public void reportUsage(double cpuPercent, long memoryBytes, double gpuPercent) {
        delegate.reportUsage(cpuPercent, memoryBytes, gpuPercent);
    }

    @Override
    public <T> T parentOutput(String parentKey) {
        return delegate.parentOutput(parentKey);
    }

    @Override
    public TaskState parentState(String parentKey) {
        return delegate.parentState(parentKey);
    }

    @Override
    public List<String> parentKeys() {
        return delegate.parentKeys();
    }
}
