package io.htcengine.examples.demo;

import io.htcengine.api.DurableSession;
import io.htcengine.api.Engine;
import io.htcengine.api.TaskState;
import io.htcengine.sqlite.JobHistory;
import io.htcengine.sqlite.JobQuery;
import io.htcengine.sqlite.SqliteStore;

import java.nio.ByteBuffer;
import java.util.OptionalLong;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * What the store says about the demo's session before the engine starts: nothing (a fresh session), or what an
 * earlier, killed run of the same settings left — how many of its tasks were submitted, how many finished and how,
 * and the value of the positions priced so far. Read before the engine is built, because building it recovers the
 * unfinished tasks and starts running them.
 *
 * <p>Also the demo's encoding of durable tasks: the input is the option's index in the book, the output its value,
 * each 8 bytes, big-endian.
 */
final class DurableRun {
    /** The name the demo's durable handler is registered under. */
    static final String HANDLER = "price-option";
    private static final DurableRun FRESH = new DurableRun(0, 0, 0, 0, 0, 0);

    private final long sessionId;
    private final long submitted;
    private final long completed;
    private final long failed;
    private final long cancelled;
    private final double portfolioValue;

    private DurableRun(long sessionId, long submitted, long completed, long failed, long cancelled,
                       double portfolioValue) {
        this.sessionId = sessionId;
        this.submitted = submitted;
        this.completed = completed;
        this.failed = failed;
        this.cancelled = cancelled;
        this.portfolioValue = portfolioValue;
    }

    /**
     * Reads the unfinished session of this name, if any. When there is none, the finished sessions of this name are
     * deleted first, so repeated runs keep the file at about one run's size.
     */
    static DurableRun before(SqliteStore store, String sessionName) throws InterruptedException {
        if (store == null) {
            return FRESH;
        }
        JobHistory history = store.history();
        OptionalLong open = history.openSessionId(sessionName);
        if (open.isEmpty()) {
            for (long old : history.finishedSessionIds(sessionName)) {
                history.deleteFinishedSession(old);
            }
            return FRESH;
        }
        long id = open.getAsLong();
        JobQuery session = JobQuery.all().session(id);
        DoubleAdder value = new DoubleAdder();
        history.forEachOutput(id, (output, job) -> value.add(output == null ? 0 : ByteBuffer.wrap(output).getDouble()));
        return new DurableRun(id, history.count(session), history.count(session.states(TaskState.COMPLETED)),
            history.count(session.states(TaskState.FAILED)), history.count(session.states(TaskState.CANCELLED)),
            value.sum());
    }

    /** The session to run: the one recovered from the store, or a new one. */
    DurableSession session(Engine engine, String sessionName) {
        if (sessionId != 0) {
            return engine.durable().session(sessionId).orElseThrow(() -> new IllegalStateException(
                "session " + sessionId + " was unfinished in the store but the engine did not recover it"));
        }
        return engine.durable().openSession(sessionName, "demo");
    }

    /** @return tasks of the session in the store before this run: option indexes 0 to this, exclusive. */
    long submitted() {
        return submitted;
    }

    long completed() {
        return completed;
    }

    long failed() {
        return failed;
    }

    long cancelled() {
        return cancelled;
    }

    /** @return tasks that had finished (completed, failed or cancelled) before this run. */
    long finished() {
        return completed + failed + cancelled;
    }

    double portfolioValue() {
        return portfolioValue;
    }

    static byte[] bytes(long index) {
        return ByteBuffer.allocate(Long.BYTES).putLong(index).array();
    }

    static byte[] bytes(double value) {
        return ByteBuffer.allocate(Double.BYTES).putDouble(value).array();
    }

    static long index(byte[] input) {
        return ByteBuffer.wrap(input).getLong();
    }
}
