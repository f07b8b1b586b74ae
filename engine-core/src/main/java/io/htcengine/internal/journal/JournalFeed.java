package io.htcengine.internal.journal;

import io.htcengine.api.SessionSummary;
import io.htcengine.api.TaskState;
import io.htcengine.internal.event.EventSlot;
import io.htcengine.internal.task.Task;
import io.htcengine.spi.Journal;
import io.htcengine.spi.JournalRecord;
import io.htcengine.spi.TaskEvent;
import io.htcengine.spi.TaskListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the journal from the event ring: on the listener thread, every transition of a durable task becomes a
 * {@link JournalRecord.Transition}, and every finished durable session a {@link JournalRecord.SessionDone}. The
 * scheduler thread never sees the journal; when the journal's queue is full, this listener waits, the event ring
 * fills, and the engine slows down rather than lose a transition.
 *
 * <p>Threading: the listener thread only (one call at a time).
 */
final class JournalFeed implements TaskListener {
    private static final Logger LOG = LoggerFactory.getLogger(JournalFeed.class);

    private final Journal journal;
    private final DurableRuntime runtime;
    private long failures;

    JournalFeed(Journal journal, DurableRuntime runtime) {
        this.journal = journal;
        this.runtime = runtime;
    }

    @Override
    public void onTransition(TaskEvent event) {
        if (!(event instanceof EventSlot)) {
            return;
        }
        Task task = ((EventSlot) event).task();
        if (!(task.input() instanceof DurableInput)) {
            return; // not a durable task
        }
        DurableInput in = (DurableInput) task.input();
        TaskState to = event.to();
        String error = event.error() != null ? describe(event.error())
            : to == TaskState.CANCELLED ? task.reason() : null;
        byte[] output = to == TaskState.COMPLETED && task.output() instanceof byte[] ? (byte[]) task.output() : null;
        append(new JournalRecord.Transition(in.jobId, event.from(), to, in.attemptBase + event.attempt(),
            System.currentTimeMillis(), error, output));
        if (in.recovered && to.isTerminal()) {
            runtime.forgetRecovered(in.jobId);
        }
    }

    @Override
    public void onSessionDone(SessionSummary summary) {
        long durableId = runtime.sessionDone(summary.sessionId());
        if (durableId != 0) {
            append(new JournalRecord.SessionDone(durableId, summary.state(), System.currentTimeMillis()));
        }
    }

    private void append(JournalRecord record) {
        try {
            journal.append(record);
        } catch (RuntimeException e) {
            if (failures++ == 0) { // the journal refuses everything from now on: say so once, not per event
                LOG.error("the journal refused a record; durable transitions are no longer persisted", e);
            }
        }
    }

    static String describe(Throwable error) {
        return error.getClass().getName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
    }
}
