package io.htcengine.sqlite;

import io.htcengine.api.TaskState;
import io.htcengine.spi.JournalRecord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * The writer's prepared statements, each filled as a JDBC batch for one transaction and executed together: new
 * jobs, state changes, checkpoints, attempts and samples. Sessions are rare and written at once, in order.
 *
 * <p>Threading: the writer thread only.
 */
final class BatchStatements {
    private final PreparedStatement insertJob;
    private final PreparedStatement updateJob;
    private final PreparedStatement updateCheckpoint;
    private final PreparedStatement upsertAttempt;
    private final PreparedStatement endAttempt;
    private final PreparedStatement insertSample;
    private final PreparedStatement insertSession;
    private final PreparedStatement sealSession;
    private final PreparedStatement finishSession;
    private final PreparedStatement[] batched;
    private final int[] counts;

    BatchStatements(Connection db) throws SQLException {
        insertJob = db.prepareStatement("INSERT INTO jobs (id, session_id, handler, name, tenant, priority, state, "
            + "attempts, input, checkpoint, parents, submitted_ms, updated_ms, finished_ms, error, output, started_ms) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        updateJob = db.prepareStatement("UPDATE jobs SET state = ?, attempts = ?, updated_ms = ?, "
            + "finished_ms = coalesce(?, finished_ms), error = coalesce(?, error), output = ?, "
            + "started_ms = coalesce(?, started_ms) WHERE id = ?");
        updateCheckpoint = db.prepareStatement("UPDATE jobs SET checkpoint = ?, updated_ms = max(updated_ms, ?) "
            + "WHERE id = ?");
        upsertAttempt = db.prepareStatement("INSERT OR REPLACE INTO attempts (job_id, attempt, started_ms, ended_ms, "
            + "outcome, error) VALUES (?, ?, ?, ?, ?, ?)");
        endAttempt = db.prepareStatement("UPDATE attempts SET ended_ms = ?, outcome = ?, error = ? "
            + "WHERE job_id = ? AND attempt = ?");
        insertSample = db.prepareStatement("INSERT INTO samples (job_id, time_ms, cpu_percent, memory_bytes, "
            + "gpu_percent) VALUES (?, ?, ?, ?, ?)");
        insertSession = db.prepareStatement("INSERT OR IGNORE INTO sessions (id, name, tenant, state, sealed, "
            + "opened_ms) VALUES (?, ?, ?, 'OPEN', 0, ?)");
        sealSession = db.prepareStatement("UPDATE sessions SET sealed = 1 WHERE id = ?");
        finishSession = db.prepareStatement("UPDATE sessions SET state = ?, sealed = 1, finished_ms = ? WHERE id = ?");
        batched = new PreparedStatement[] {insertJob, updateJob, updateCheckpoint, upsertAttempt, endAttempt,
            insertSample};
        counts = new int[batched.length];
    }

    /** Adds the rows a job's delta leaves behind. */
    void add(JobDelta d) throws SQLException {
        JournalRecord.Submitted s = d.submitted;
        if (s != null) {
            insertJob.setLong(1, s.jobId());
            insertJob.setLong(2, s.sessionId());
            insertJob.setString(3, s.handler());
            text(insertJob, 4, s.name().equals(s.handler()) ? null : s.name());
            text(insertJob, 5, s.tenant());
            insertJob.setInt(6, s.priority());
            insertJob.setString(7, d.state == null ? TaskState.SUBMITTED.name() : d.state.name());
            insertJob.setInt(8, d.attempts);
            insertJob.setBytes(9, s.input());
            insertJob.setBytes(10, d.checkpoint);
            text(insertJob, 11, JournalWriter.parentsText(s.parents()));
            insertJob.setLong(12, s.timeMs());
            insertJob.setLong(13, Math.max(d.updatedMs, s.timeMs()));
            if (d.finishedMs != 0) {
                insertJob.setLong(14, d.finishedMs);
            } else {
                insertJob.setNull(14, Types.INTEGER);
            }
            text(insertJob, 15, d.error);
            insertJob.setBytes(16, d.output);
            if (d.startedMs != 0) {
                insertJob.setLong(17, d.startedMs);
            } else {
                insertJob.setNull(17, Types.INTEGER);
            }
            batch(0);
        } else {
            if (d.state != null) {
                updateJob.setString(1, d.state.name());
                updateJob.setInt(2, d.attempts);
                updateJob.setLong(3, d.updatedMs);
                if (d.finishedMs != 0) {
                    updateJob.setLong(4, d.finishedMs);
                } else {
                    updateJob.setNull(4, Types.INTEGER);
                }
                text(updateJob, 5, d.error);
                updateJob.setBytes(6, d.output);
                if (d.startedMs != 0) {
                    updateJob.setLong(7, d.startedMs);
                } else {
                    updateJob.setNull(7, Types.INTEGER);
                }
                updateJob.setLong(8, d.jobId);
                batch(1);
            }
            if (d.checkpointSet) {
                updateCheckpoint.setBytes(1, d.checkpoint);
                updateCheckpoint.setLong(2, d.updatedMs);
                updateCheckpoint.setLong(3, d.jobId);
                batch(2);
            }
        }
        for (JobDelta.AttemptDelta a = d.firstAttempt; a != null; a = a.next) {
            if (a.started && a.ended && a.next == null && d.state != null && d.state.isTerminal()
                && d.state.name().equals(a.outcome)) {
                continue; // it started and ended the job in this batch: the job's row holds it
            }
            if (a.started) {
                upsertAttempt.setLong(1, d.jobId);
                upsertAttempt.setInt(2, a.attempt);
                upsertAttempt.setLong(3, a.startedMs);
                if (a.ended) {
                    upsertAttempt.setLong(4, a.endedMs);
                } else {
                    upsertAttempt.setNull(4, Types.INTEGER);
                }
                upsertAttempt.setString(5, a.ended ? a.outcome : TaskState.RUNNING.name());
                text(upsertAttempt, 6, a.error);
                batch(3);
            } else {
                endAttempt.setLong(1, a.endedMs);
                endAttempt.setString(2, a.outcome);
                text(endAttempt, 3, a.error);
                endAttempt.setLong(4, d.jobId);
                endAttempt.setInt(5, a.attempt);
                batch(4);
            }
        }
    }

    /** Sessions are written at once (in order); samples join the batch. */
    void other(JournalRecord r) throws SQLException {
        if (r instanceof JournalRecord.Sample) {
            JournalRecord.Sample m = (JournalRecord.Sample) r;
            insertSample.setLong(1, m.jobId());
            insertSample.setLong(2, m.timeMs());
            insertSample.setDouble(3, m.cpuPercent());
            insertSample.setLong(4, m.memoryBytes());
            insertSample.setDouble(5, m.gpuPercent());
            batch(5);
        } else if (r instanceof JournalRecord.SessionOpened) {
            JournalRecord.SessionOpened o = (JournalRecord.SessionOpened) r;
            insertSession.setLong(1, o.sessionId());
            insertSession.setString(2, o.name());
            text(insertSession, 3, o.tenant());
            insertSession.setLong(4, o.timeMs());
            insertSession.executeUpdate();
        } else if (r instanceof JournalRecord.SessionSealed) {
            sealSession.setLong(1, ((JournalRecord.SessionSealed) r).sessionId());
            sealSession.executeUpdate();
        } else if (r instanceof JournalRecord.SessionDone) {
            JournalRecord.SessionDone d = (JournalRecord.SessionDone) r;
            finishSession.setString(1, d.state().name());
            finishSession.setLong(2, d.timeMs());
            finishSession.setLong(3, d.sessionId());
            finishSession.executeUpdate();
        } else {
            throw new IllegalArgumentException("unknown journal record " + r.getClass().getName());
        }
    }

    private void batch(int statement) throws SQLException {
        batched[statement].addBatch();
        counts[statement]++;
    }

    /** Executes every batch filled since the last call. */
    void execute() throws SQLException {
        for (int i = 0; i < batched.length; i++) {
            if (counts[i] > 0) {
                batched[i].executeBatch();
                counts[i] = 0;
            }
        }
    }

    /** Drops what was added but not executed (after a failed transaction). */
    void clear() throws SQLException {
        for (int i = 0; i < batched.length; i++) {
            if (counts[i] > 0) {
                batched[i].clearBatch();
                counts[i] = 0;
            }
        }
    }

    private static void text(PreparedStatement p, int index, String value) throws SQLException {
        if (value == null) {
            p.setNull(index, Types.VARCHAR);
        } else {
            p.setString(index, value);
        }
    }
}
