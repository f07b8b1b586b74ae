package io.htcengine.sqlite;

import io.htcengine.api.TaskSpec;
import io.htcengine.api.TaskState;
import io.htcengine.spi.JournalRecord;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store's one writer: appenders add records to a bounded buffer; the writer thread swaps the buffer out and
 * writes everything in it as one transaction (group commit), so a burst of appends costs one commit. Records are
 * written in append order, and {@link #awaitCommitted} returns once a record's transaction has committed.
 *
 * <p>Threading: {@link #append} and {@link #awaitCommitted} from any thread; everything else on the writer thread.
 * The buffer is guarded by one lock; the hot path of the engine never takes it (the scheduler thread never
 * appends — transitions arrive from the listener thread).
 */
final class JournalWriter implements Runnable {
    private final Connection db;
    private final String path;
    private final int capacity;
    private final long maxDelayNs;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final Condition committed = lock.newCondition();
    private ArrayList<JournalRecord> pending;
    private ArrayList<JournalRecord> writing;
    private long appendedSeq;          // guarded by lock
    private long committedSeq;         // guarded by lock
    private boolean closing;           // guarded by lock
    private boolean writerWaiting;     // guarded by lock
    private boolean stopped;           // guarded by lock: the writer thread has returned
    private ArrayList<Maintenance<?>> maintenance = new ArrayList<>(); // guarded by lock
    private volatile StoreException failure;
    private long transactions;         // writer thread
    private long recordsWritten;       // writer thread

    private final BatchStatements sql;
    private final java.util.LinkedHashMap<Long, JobDelta> jobs = new java.util.LinkedHashMap<>();

    JournalWriter(Connection db, String path, int capacity, long maxDelayNs) throws SQLException {
        this.db = db;
        this.path = path;
        this.capacity = capacity;
        this.maxDelayNs = maxDelayNs;
        this.pending = new ArrayList<>(Math.min(capacity, 1 << 16));
        this.writing = new ArrayList<>(Math.min(capacity, 1 << 16));
        this.sql = new BatchStatements(db);
    }

    /**
     * How far past the capacity transitions may fill the buffer before they wait too. Transitions come from the
     * engine's listener thread; making it wait fills the event ring, and the scheduler loop then burns a core waiting
     * for room while the writer needs it. So submissions (and everything else) wait at the capacity, transitions only
     * at this multiple of it: the submitters are held back first, which drains the transitions of tasks already
     * accepted (there are at most a few per accepted task).
     */
    static final int TRANSITION_HEADROOM = 4;

    /**
     * Any thread: queues a record, waiting while the buffer is full. @return its sequence number
     *
     * @throws IllegalArgumentException if the record is null or a field is out of range ({@link #check}); nothing
     *                                  is queued, so a bad record never fails the batch of the good ones around it
     */
    long append(JournalRecord record) {
        check(record);
        long limit = record instanceof JournalRecord.Transition ? (long) capacity * TRANSITION_HEADROOM : capacity;
        lock.lock();
        try {
            while (pending.size() >= limit && failure == null && !closing) {
                notFull.awaitUninterruptibly(); // never drop a record: the journal's backpressure
            }
            checkUsable();
            pending.add(record);
            long seq = ++appendedSeq;
            if (writerWaiting) {
                notEmpty.signal();
            }
            return seq;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Checks a record's fields before it is queued: a bad one would fail the whole batch it is written in (a NaN
     * becomes a NULL in a NOT NULL column, a null state an exception), losing the good records in that batch and
     * stopping the writer. The message names the record type, the field and what is allowed.
     */
    static void check(JournalRecord record) {
        if (record == null) {
            throw new IllegalArgumentException("record must not be null");
        }
        if (record instanceof JournalRecord.Transition) { // the common record first
            JournalRecord.Transition t = (JournalRecord.Transition) record;
            positive("Transition.jobId", t.jobId());
            state("Transition.from", t.from());
            state("Transition.to", t.to());
            if (!t.from().canTransitionTo(t.to())) {
                StringBuilder allowed = new StringBuilder();
                for (TaskState s : TaskState.values()) {
                    if (t.from().canTransitionTo(s)) {
                        allowed.append(allowed.length() == 0 ? "" : ", ").append(s);
                    }
                }
                throw new IllegalArgumentException("Transition from " + t.from() + " to " + t.to() + " is not a state "
                    + "change of a task: from " + t.from() + " only " + (allowed.length() == 0 ? "none (it is final)"
                    : allowed) + " (TaskState.canTransitionTo)");
            }
            atLeast("Transition.attempt", t.attempt(), 0);
            time("Transition.timeMs", t.timeMs());
        } else if (record instanceof JournalRecord.Submitted) {
            JournalRecord.Submitted s = (JournalRecord.Submitted) record;
            positive("Submitted.jobId", s.jobId());
            if (s.sessionId() < 0) {
                throw new IllegalArgumentException("Submitted.sessionId must be >= 0 (0: no session), was "
                    + s.sessionId());
            }
            nonBlank("Submitted.handler", s.handler());
            nonBlank("Submitted.name", s.name());
            if (s.priority() < TaskSpec.MIN_PRIORITY || s.priority() > TaskSpec.MAX_PRIORITY) {
                throw new IllegalArgumentException("Submitted.priority must be between " + TaskSpec.MIN_PRIORITY
                    + " and " + TaskSpec.MAX_PRIORITY + ", was " + s.priority());
            }
            tenant("Submitted.tenant", s.tenant());
            if (s.input() == null) {
                throw new IllegalArgumentException("Submitted.input must not be null (an empty array for none)");
            }
            if (s.parents() == null) {
                throw new IllegalArgumentException("Submitted.parents must not be null (an empty array for none)");
            }
            for (int i = 0; i < s.parents().length; i++) {
                if (s.parents()[i] <= 0) {
                    throw new IllegalArgumentException("Submitted.parents[" + i + "] must be a positive job id, was "
                        + s.parents()[i]);
                }
            }
            time("Submitted.timeMs", s.timeMs());
        } else if (record instanceof JournalRecord.Sample) {
            JournalRecord.Sample m = (JournalRecord.Sample) record;
            positive("Sample.jobId", m.jobId());
            time("Sample.timeMs", m.timeMs());
            try {
                io.htcengine.spi.UsageSample.validate(m.cpuPercent(), m.memoryBytes(), m.gpuPercent());
            } catch (IllegalArgumentException e) { // its message starts with the field's name
                throw new IllegalArgumentException("Sample." + e.getMessage(), e);
            }
        } else if (record instanceof JournalRecord.Checkpoint) {
            JournalRecord.Checkpoint c = (JournalRecord.Checkpoint) record;
            positive("Checkpoint.jobId", c.jobId());
            atLeast("Checkpoint.attempt", c.attempt(), 1);
            if (c.data() == null) {
                throw new IllegalArgumentException("Checkpoint.data must not be null (an empty array clears progress)");
            }
            time("Checkpoint.timeMs", c.timeMs());
        } else if (record instanceof JournalRecord.SessionOpened) {
            JournalRecord.SessionOpened o = (JournalRecord.SessionOpened) record;
            positive("SessionOpened.sessionId", o.sessionId());
            nonBlank("SessionOpened.name", o.name());
            tenant("SessionOpened.tenant", o.tenant());
            time("SessionOpened.timeMs", o.timeMs());
        } else if (record instanceof JournalRecord.SessionSealed) {
            JournalRecord.SessionSealed x = (JournalRecord.SessionSealed) record;
            positive("SessionSealed.sessionId", x.sessionId());
            time("SessionSealed.timeMs", x.timeMs());
        } else if (record instanceof JournalRecord.SessionDone) {
            JournalRecord.SessionDone d = (JournalRecord.SessionDone) record;
            positive("SessionDone.sessionId", d.sessionId());
            if (d.state() == null || !d.state().isDone()) {
                throw new IllegalArgumentException("SessionDone.state must be one of COMPLETED, FAILED, CANCELLED, "
                    + "was " + d.state());
            }
            time("SessionDone.timeMs", d.timeMs());
        }
    }

    /** @throws IllegalArgumentException {@code <field> must be positive, was <id>} for an id below 1 */
    static void positive(String field, long id) {
        if (id <= 0) {
            throw new IllegalArgumentException(field + " must be positive, was " + id);
        }
    }

    private static void atLeast(String field, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(field + " must be >= " + min + ", was " + value);
        }
    }

    private static void time(String field, long ms) {
        if (ms < 0) {
            throw new IllegalArgumentException(field + " must be epoch milliseconds >= 0, was " + ms);
        }
    }

    private static void state(String field, TaskState state) {
        if (state == null) {
            throw new IllegalArgumentException(field + " must be one of " + java.util.Arrays.toString(TaskState.values())
                + ", was null");
        }
    }

    private static void nonBlank(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must be a non-blank string, was "
                + (value == null ? "null" : "'" + value + "'"));
        }
    }

    private static void tenant(String field, String value) {
        if (value != null && value.isBlank()) {
            throw new IllegalArgumentException(field + " must be a non-blank string or null, was '" + value + "'");
        }
    }

    private void checkUsable() {
        StoreException f = failure;
        if (f != null) {
            throw new StoreException("the store " + path + " failed earlier and takes no more records: "
                + f.getMessage(), f);
        }
        if (closing) {
            throw new StoreException("the store " + path + " is closed");
        }
    }

    /** Work the writer does in a transaction of its own between batches (retention, for one). */
    interface Work<T> {
        T run(Connection db) throws SQLException;
    }

    private static final class Maintenance<T> {
        final Work<T> work;
        final java.util.concurrent.CompletableFuture<T> result = new java.util.concurrent.CompletableFuture<>();

        Maintenance(Work<T> work) {
            this.work = work;
        }
    }

    /** Any thread: has the writer thread run {@code work} in its own transaction, after what is queued; waits. */
    <T> T maintain(Work<T> work) throws InterruptedException {
        Maintenance<T> m = new Maintenance<>(work);
        lock.lock();
        try {
            checkUsable();
            maintenance.add(m);
            if (writerWaiting) {
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
        try {
            return m.result.get();
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException ? (RuntimeException) c : new StoreException(String.valueOf(c), c);
        }
    }

    /**
     * Any thread: waits until record {@code seq} is committed. Returns at once for a record already committed (also
     * after {@link #close}, which commits everything queued); throws at once for a sequence number never handed out
     * or once the writer has failed or stopped.
     */
    void awaitCommitted(long seq) throws InterruptedException {
        lock.lock();
        try {
            if (seq < 0 || seq > appendedSeq) {
                if (closing && seq > appendedSeq) {
                    throw new StoreException("the store " + path + " is closed: record " + seq + " was never "
                        + "appended (the last was " + appendedSeq + ")");
                }
                throw new IllegalArgumentException("sequence must be from 0 to the last sequence number append "
                    + "returned (" + appendedSeq + "), was " + seq);
            }
            while (committedSeq < seq) {
                StoreException f = failure;
                if (f != null) {
                    throw new StoreException("record " + seq + " was not committed: " + f.getMessage(), f);
                }
                if (stopped) {
                    throw new StoreException("the store " + path + " is closed: its writer stopped before record "
                        + seq + " was committed");
                }
                if (writerWaiting) {
                    notEmpty.signal();
                }
                committed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Any thread: asks the writer to commit what is queued and stop. */
    void close() {
        lock.lock();
        try {
            closing = true;
            notEmpty.signal();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** @return the sequence number of the last record appended. */
    long lastAppended() {
        lock.lock();
        try {
            return appendedSeq;
        } finally {
            lock.unlock();
        }
    }

    StoreException failure() {
        return failure;
    }

    long transactions() {
        return transactions;
    }

    long recordsWritten() {
        return recordsWritten;
    }

    @Override
    public void run() {
        try {
            while (true) {
                long upTo;
                ArrayList<Maintenance<?>> chores;
                lock.lock();
                try {
                    long waitNs = maxDelayNs;
                    while (pending.isEmpty() && maintenance.isEmpty() && !closing) {
                        writerWaiting = true;
                        waitNs = notEmpty.awaitNanos(waitNs > 0 ? waitNs : maxDelayNs);
                        writerWaiting = false;
                    }
                    if (pending.isEmpty() && maintenance.isEmpty()) {
                        stopped = true;
                        committed.signalAll();
                        return; // closing and everything committed
                    }
                    chores = maintenance.isEmpty() ? null : maintenance;
                    if (chores != null) {
                        maintenance = new ArrayList<>();
                    }
                    ArrayList<JournalRecord> swap = writing;
                    writing = pending;
                    pending = swap;
                    upTo = appendedSeq;
                    notFull.signalAll();
                } finally {
                    lock.unlock();
                }
                if (!writing.isEmpty()) {
                    write(writing);
                    writing.clear();
                }
                lock.lock();
                try {
                    committedSeq = upTo;
                    committed.signalAll();
                } finally {
                    lock.unlock();
                }
                if (chores != null) {
                    chores.forEach(this::runChore);
                }
            }
        } catch (InterruptedException e) {
            fail(new StoreException("the writer of " + path + " was interrupted", e));
        } catch (StoreException e) {
            fail(e);
        } catch (RuntimeException | Error e) {
            fail(new StoreException("the writer of " + path + " failed: " + e, e));
        }
    }

    private <T> void runChore(Maintenance<T> m) {
        try (Statement s = db.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                T result = m.work.run(db);
                s.execute("COMMIT");
                m.result.complete(result);
            } catch (SQLException | RuntimeException e) {
                s.execute("ROLLBACK");
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            m.result.completeExceptionally(e instanceof SQLException
                ? new StoreException(describe((SQLException) e), e) : e);
        }
    }

    private void fail(StoreException e) {
        lock.lock();
        try {
            failure = e;
            for (Maintenance<?> m : maintenance) {
                m.result.completeExceptionally(e);
            }
            maintenance.clear();
            committed.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        org.slf4j.LoggerFactory.getLogger(JournalWriter.class).error("journal writer stopped", e);
    }

    /** One transaction for the whole batch: records folded per job, then written with batched statements. */
    private void write(ArrayList<JournalRecord> batch) {
        try (Statement s = db.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                for (int i = 0, n = batch.size(); i < n; i++) {
                    fold(batch.get(i));
                }
                for (JobDelta d : jobs.values()) {
                    sql.add(d);
                }
                sql.execute();
                s.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                try {
                    s.execute("ROLLBACK");
                } catch (SQLException ignored) {
                    // the transaction may not have begun; the failure below says what went wrong
                }
                throw e;
            } finally {
                jobs.clear();
                sql.clear();
            }
            transactions++;
            recordsWritten += batch.size();
        } catch (SQLException e) {
            throw new StoreException(describe(e), e);
        }
    }

    private String describe(SQLException e) {
        String msg = String.valueOf(e.getMessage());
        if (msg.contains("SQLITE_BUSY") || msg.contains("database is locked")) {
            return "the database " + path + " stayed busy (locked by another connection) past its busy timeout; "
                + "close whatever else writes to it: " + msg;
        }
        return "writing to " + path + " failed: " + msg;
    }

    private JobDelta job(long id) {
        JobDelta d = jobs.get(id);
        if (d == null) {
            d = new JobDelta(id);
            jobs.put(id, d);
        }
        return d;
    }

    private void fold(JournalRecord r) throws SQLException {
        if (r instanceof JournalRecord.Transition) {
            JournalRecord.Transition t = (JournalRecord.Transition) r;
            job(t.jobId()).apply(t);
        } else if (r instanceof JournalRecord.Submitted) {
            JournalRecord.Submitted s = (JournalRecord.Submitted) r;
            JobDelta d = job(s.jobId());
            d.submitted = s;
            d.updatedMs = Math.max(d.updatedMs, s.timeMs());
        } else if (r instanceof JournalRecord.Checkpoint) {
            JournalRecord.Checkpoint c = (JournalRecord.Checkpoint) r;
            job(c.jobId()).apply(c);
        } else {
            sql.other(r); // samples and sessions: written as they come
        }
    }

    static String parentsText(long[] parents) {
        if (parents == null || parents.length == 0) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parents.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(parents[i]);
        }
        return sb.toString();
    }

    static long[] parseParents(String text) {
        if (text == null || text.isEmpty()) {
            return new long[0];
        }
        String[] parts = text.split(",");
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Long.parseLong(parts[i]);
        }
        return out;
    }
}
