package io.htcengine.internal.journal;

import io.htcengine.api.DurableContext;
import io.htcengine.api.TaskContext;
import io.htcengine.spi.Journal;
import io.htcengine.spi.JournalRecord;


/**
 * The context a {@link io.htcengine.api.DurableHandler} sees: the engine's task context, with attempts counted
 * across restarts, the task's checkpoint, and its usage samples journaled as metric samples. One per attempt, on the
 * thread running it.
 */
final class DurableAttempt extends io.htcengine.internal.task.ForwardingTaskContext implements DurableContext {
    private final DurableInput task;
    private final Journal journal;

    DurableAttempt(DurableInput task, TaskContext engine, Journal journal) {
        super(engine);
        this.task = task;
        this.journal = journal;
    }

    @Override
    public long jobId() {
        return task.jobId;
    }

    @Override
    public byte[] checkpoint() {
        byte[] c = task.checkpoint;
        return c == null ? null : c.clone();
    }

    @Override
    public void saveCheckpoint(byte[] state) throws InterruptedException {
        if (state == null) {
            throw new IllegalArgumentException("state must not be null (save an empty array to clear progress)");
        }
        byte[] copy = state.clone();
        task.checkpoint = copy;
        long seq = journal.append(new JournalRecord.Checkpoint(task.jobId, attempt(), copy, System.currentTimeMillis()));
        journal.awaitCommitted(seq);
    }

    @Override
    public int attempt() {
        return task.attemptBase + super.attempt();
    }

    @Override
    public void reportUsage(double cpuPercent, long memoryBytes, double gpuPercent) {
        super.reportUsage(cpuPercent, memoryBytes, gpuPercent); // validates, and feeds the engine's listeners
        journal.append(new JournalRecord.Sample(task.jobId, System.currentTimeMillis(), cpuPercent, memoryBytes,
            gpuPercent));
    }

}
