package io.htcengine.sqlite;

import io.htcengine.api.TaskState;
import io.htcengine.spi.JournalRecord;

/**
 * What one batch does to one job: its records folded into the rows they leave behind, so a job submitted, run and
 * completed within one batch costs one row insert (plus its attempt's), not six statements. The batch is one
 * transaction, so folding leaves exactly the rows that applying the records one by one would have left.
 *
 * <p>Threading: the writer thread only.
 */
final class JobDelta {
    final long jobId;
    /** The submission, when it is in this batch (the row is inserted), else null (the row is updated). */
    JournalRecord.Submitted submitted;
    /** The state after the batch, or null when no transition of it is in the batch. */
    TaskState state;
    int attempts;
    long updatedMs;
    long finishedMs;
    /** When the latest attempt in this batch started, or 0. */
    long startedMs;
    String error;
    byte[] output;
    byte[] checkpoint;
    boolean checkpointSet;
    /** Attempts this batch started or ended, oldest first (usually one). */
    AttemptDelta firstAttempt;
    AttemptDelta lastAttempt;

    JobDelta(long jobId) {
        this.jobId = jobId;
    }

    void apply(JournalRecord.Transition t) {
        state = t.to();
        attempts = t.attempt();
        updatedMs = t.timeMs();
        if (t.to().isTerminal()) {
            finishedMs = t.timeMs();
            error = t.error();
            output = t.output();
        }
        if (t.to() == TaskState.RUNNING) {
            AttemptDelta a = new AttemptDelta(t.attempt());
            a.startedMs = t.timeMs();
            a.started = true;
            startedMs = t.timeMs();
            add(a);
        } else if (t.from() == TaskState.RUNNING) {
            AttemptDelta a = lastAttempt != null && lastAttempt.attempt == t.attempt() ? lastAttempt : null;
            if (a == null) {
                a = new AttemptDelta(t.attempt());
                add(a);
            }
            a.ended = true;
            a.endedMs = t.timeMs();
            a.outcome = t.to().name();
            a.error = t.error();
        }
    }

    void apply(JournalRecord.Checkpoint c) {
        checkpoint = c.data();
        checkpointSet = true;
        if (c.timeMs() > updatedMs) {
            updatedMs = c.timeMs();
        }
    }

    private void add(AttemptDelta a) {
        if (lastAttempt == null) {
            firstAttempt = a;
        } else {
            lastAttempt.next = a;
        }
        lastAttempt = a;
    }

    /** One attempt's change in the batch. */
    static final class AttemptDelta {
        final int attempt;
        boolean started;
        long startedMs;
        boolean ended;
        long endedMs;
        String outcome;
        String error;
        AttemptDelta next;

        AttemptDelta(int attempt) {
            this.attempt = attempt;
        }
    }
}
