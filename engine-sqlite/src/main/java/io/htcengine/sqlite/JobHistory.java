package io.htcengine.sqlite;

import io.htcengine.api.SessionState;
import io.htcengine.api.TaskState;
import io.htcengine.spi.JournalRecord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * Job history on a store, as a Java API: list jobs by state, tenant, session and submission time, page by page; one
 * job's details and attempts; a job's metric samples over time; retention of samples; demo data.
 *
 * <p>Reads see what is committed (a job submitted in ASYNC mode shows up with the journal's next batch). Writes
 * (samples, retention, seeding) go through the store's one writer.
 *
 * <p>Threading: any thread; reads share one connection, one at a time.
 */
public final class JobHistory {
    /** How long samples are kept by {@link #applyRetention()}: 7 days. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    private static final String JOB_COLUMNS = "id, session_id, handler, coalesce(name, handler), tenant, priority, "
        + "state, attempts, submitted_ms, updated_ms, finished_ms, error";

    private final Connection db;
    private final SqliteStore store;
    private final LongSupplier wallClockMs;

    JobHistory(Connection db, SqliteStore store, LongSupplier wallClockMs) {
        this.db = db;
        this.store = store;
        this.wallClockMs = wallClockMs;
    }

    /** @return one page of the jobs matching the query, newest (highest job id) first. */
    public JobPage list(JobQuery query) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = where(query, "SELECT " + JOB_COLUMNS, args);
        store.checkOpen();
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(query.limit() + 1); // one more tells whether there is a next page
        List<JobRecord> jobs = new ArrayList<>();
        synchronized (db) {
            try (PreparedStatement p = db.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    p.setObject(i + 1, args.get(i));
                }
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        jobs.add(job(r));
                    }
                }
            } catch (SQLException e) {
                throw store.readFailed("listing jobs in " + store.path(), e);
            }
        }
        if (jobs.size() > query.limit()) {
            jobs.remove(jobs.size() - 1);
            return new JobPage(List.copyOf(jobs), OptionalLong.of(jobs.get(jobs.size() - 1).jobId()));
        }
        return new JobPage(List.copyOf(jobs), OptionalLong.empty());
    }

    /** @return how many jobs match the query's filters (its limit and cursor are ignored). */
    public long count(JobQuery query) {
        if (query == null) {
            throw new IllegalArgumentException("query must not be null (JobQuery.all() counts every job)");
        }
        List<Object> args = new ArrayList<>();
        StringBuilder sql = where(query.after(Long.MAX_VALUE), "SELECT count(*)", args);
        store.checkOpen();
        synchronized (db) {
            try (PreparedStatement p = db.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    p.setObject(i + 1, args.get(i));
                }
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? r.getLong(1) : 0;
                }
            } catch (SQLException e) {
                throw store.readFailed("counting jobs in " + store.path(), e);
            }
        }
    }

    /** @return the id of the newest unfinished session with this name, if any. */
    public OptionalLong openSessionId(String name) {
        return sessionIds(name, "state = 'OPEN'").stream().mapToLong(Long::longValue).max();
    }

    /** @return the ids of the finished sessions with this name, oldest first. */
    public List<Long> finishedSessionIds(String name) {
        return sessionIds(name, "state <> 'OPEN'");
    }

    private List<Long> sessionIds(String name, String condition) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must be a non-blank string, was "
                + (name == null ? "null" : "'" + name + "'"));
        }
        store.checkOpen();
        List<Long> out = new ArrayList<>();
        synchronized (db) {
            try (PreparedStatement p = db.prepareStatement("SELECT id FROM sessions WHERE name = ? AND " + condition
                + " ORDER BY id")) {
                p.setString(1, name);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(r.getLong(1));
                    }
                }
            } catch (SQLException e) {
                throw store.readFailed("reading sessions from " + store.path(), e);
            }
        }
        return out;
    }

    /**
     * Calls {@code action} with the output and job id of every COMPLETED job of the session, in job id order.
     *
     * @param sessionId a durable session's id: positive
     * @throws IllegalArgumentException if {@code sessionId} is not positive or {@code action} is null
     */
    public void forEachOutput(long sessionId, java.util.function.ObjLongConsumer<byte[]> action) {
        JournalWriter.positive("sessionId", sessionId);
        if (action == null) {
            throw new IllegalArgumentException("action must not be null");
        }
        store.checkOpen();
        synchronized (db) {
            try (PreparedStatement p = db.prepareStatement("SELECT id, output FROM jobs WHERE session_id = ? "
                + "AND state = 'COMPLETED' ORDER BY id")) {
                p.setLong(1, sessionId);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        action.accept(r.getBytes(2), r.getLong(1));
                    }
                }
            } catch (SQLException e) {
                throw store.readFailed("reading outputs from " + store.path(), e);
            }
        }
    }

    /**
     * Deletes a finished session with its jobs, their attempts and samples (retention of whole runs).
     *
     * @return jobs deleted
     * @throws IllegalArgumentException if the session is not finished (it may still be recovered) or not there
     */
    public int deleteFinishedSession(long sessionId) throws InterruptedException {
        return store.maintain(c -> {
            try (PreparedStatement check = c.prepareStatement("SELECT state FROM sessions WHERE id = ?")) {
                check.setLong(1, sessionId);
                String state;
                try (ResultSet r = check.executeQuery()) {
                    state = r.next() ? r.getString(1) : null;
                }
                if (state == null || "OPEN".equals(state)) {
                    throw new IllegalArgumentException("sessionId must name a finished session, was " + sessionId
                        + (state == null ? " (not in the store)" : " (still OPEN)"));
                }
            }
            for (String sql : new String[] {
                "DELETE FROM samples WHERE job_id IN (SELECT id FROM jobs WHERE session_id = ?)",
                "DELETE FROM attempts WHERE job_id IN (SELECT id FROM jobs WHERE session_id = ?)",
                "DELETE FROM sessions WHERE id = ?"}) {
                try (PreparedStatement p = c.prepareStatement(sql)) {
                    p.setLong(1, sessionId);
                    p.executeUpdate();
                }
            }
            try (PreparedStatement p = c.prepareStatement("DELETE FROM jobs WHERE session_id = ?")) {
                p.setLong(1, sessionId);
                return p.executeUpdate();
            }
        });
    }

    private static StringBuilder where(JobQuery query, String select, List<Object> args) {
        if (query == null) {
            throw new IllegalArgumentException("query must not be null (JobQuery.all() lists every job)");
        }
        StringBuilder sql = new StringBuilder(select + " FROM jobs WHERE id < ?");
        args.add(query.beforeJobId());
        if (!query.stateFilter().isEmpty()) {
            sql.append(" AND state IN (");
            String sep = "";
            for (TaskState s : query.stateFilter()) {
                sql.append(sep).append('?');
                args.add(s.name());
                sep = ", ";
            }
            sql.append(')');
        }
        if (query.tenant() != null) {
            sql.append(" AND tenant = ?");
            args.add(query.tenant());
        }
        if (query.sessionId() != 0) {
            sql.append(" AND session_id = ?");
            args.add(query.sessionId());
        }
        if (query.fromMs() != Long.MIN_VALUE || query.toMs() != Long.MAX_VALUE) { // clamped ends may be either
            sql.append(" AND submitted_ms >= ? AND submitted_ms < ?");
            args.add(query.fromMs());
            args.add(query.toMs());
        }
        return sql;
    }

    private static JobRecord job(ResultSet r) throws SQLException {
        return new JobRecord(r.getLong(1), r.getLong(2), r.getString(3), r.getString(4), r.getString(5), r.getInt(6),
            TaskState.valueOf(r.getString(7)), r.getInt(8), r.getLong(9), r.getLong(10), r.getLong(11),
            r.getString(12));
    }

    /**
     * @param jobId a job id: positive (the store numbers jobs from 1)
     * @return the job with its input, checkpoint, parents and attempts, if the store has it
     */
    public Optional<JobDetails> job(long jobId) {
        JournalWriter.positive("jobId", jobId);
        store.checkOpen();
        synchronized (db) {
            try (PreparedStatement p = db.prepareStatement("SELECT " + JOB_COLUMNS + ", input, checkpoint, parents, output, started_ms "
                + "FROM jobs WHERE id = ?");
                 PreparedStatement a = db.prepareStatement("SELECT attempt, started_ms, ended_ms, outcome, error "
                     + "FROM attempts WHERE job_id = ? ORDER BY attempt")) {
                p.setLong(1, jobId);
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    JobRecord job = job(r);
                    byte[] input = r.getBytes(13);
                    byte[] checkpoint = r.getBytes(14);
                    long[] parents = JournalWriter.parseParents(r.getString(15));
                    List<JobDetails.Attempt> attempts = new ArrayList<>();
                    a.setLong(1, jobId);
                    try (ResultSet ar = a.executeQuery()) {
                        while (ar.next()) {
                            attempts.add(new JobDetails.Attempt(ar.getInt(1), ar.getLong(2), ar.getLong(3),
                                ar.getString(4), ar.getString(5)));
                        }
                    }
                    // The attempt that ended the job has no row when it started and ended within one batch.
                    boolean lastHasRow = !attempts.isEmpty()
                        && attempts.get(attempts.size() - 1).attempt() == job.attempts();
                    if (job.state().isTerminal() && job.attempts() > 0 && !lastHasRow) {
                        attempts.add(new JobDetails.Attempt(job.attempts(), r.getLong(17), job.finishedMs(),
                            job.state().name(), job.error()));
                    }
                    return Optional.of(new JobDetails(job, input, r.getBytes(16), checkpoint, parents,
                        List.copyOf(attempts)));
                }
            } catch (SQLException e) {
                throw store.readFailed("reading job " + jobId + " from " + store.path(), e);
            }
        }
    }

    /**
     * Records a job's resource usage at one moment (a running durable task's {@code reportUsage} does this too).
     * Committed with the journal's next batch.
     *
     * @throws IllegalArgumentException if a value is negative or not finite, or the store has no job {@code jobId}
     *                                  (the message names it)
     */
    public void recordSample(long jobId, long timeMs, double cpuPercent, long memoryBytes, double gpuPercent) {
        if (jobId <= 0) {
            throw new IllegalArgumentException("jobId must be positive, was " + jobId);
        }
        if (timeMs < 0) {
            throw new IllegalArgumentException("timeMs must be epoch milliseconds >= 0, was " + timeMs);
        }
        io.htcengine.spi.UsageSample.validate(cpuPercent, memoryBytes, gpuPercent);
        if (!hasJob(jobId)) {
            throw new IllegalArgumentException("jobId must name a job in the store, was " + jobId + " (no such job)");
        }
        store.append(new JournalRecord.Sample(jobId, timeMs, cpuPercent, memoryBytes, gpuPercent));
    }

    /** Whether the store has the job: committed, or (after waiting for what is queued) appended by now. */
    private boolean hasJob(long jobId) {
        if (committedJob(jobId)) {
            return true;
        }
        try {
            store.flush(); // a submission still in the journal's queue counts: wait for it (the rare path)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while looking for job " + jobId + " in " + store.path());
        }
        return committedJob(jobId);
    }

    private boolean committedJob(long jobId) {
        store.checkOpen();
        synchronized (db) {
            try (PreparedStatement p = db.prepareStatement("SELECT 1 FROM jobs WHERE id = ?")) {
                p.setLong(1, jobId);
                try (ResultSet r = p.executeQuery()) {
                    return r.next();
                }
            } catch (SQLException e) {
                throw store.readFailed("looking for job " + jobId + " in " + store.path(), e);
            }
        }
    }

    /**
     * @param jobId a job id: positive
     * @return the job's samples with {@code fromMs <= time < toMs}, oldest first
     */
    public List<MetricSample> samples(long jobId, long fromMs, long toMs) {
        JournalWriter.positive("jobId", jobId);
        if (fromMs > toMs) {
            throw new IllegalArgumentException("fromMs must not be after toMs, was " + fromMs + " > " + toMs);
        }
        store.checkOpen();
        List<MetricSample> out = new ArrayList<>();
        synchronized (db) {
            try (PreparedStatement p = db.prepareStatement("SELECT time_ms, cpu_percent, memory_bytes, gpu_percent "
                + "FROM samples WHERE job_id = ? AND time_ms >= ? AND time_ms < ? ORDER BY time_ms, rowid")) {
                p.setLong(1, jobId);
                p.setLong(2, fromMs);
                p.setLong(3, toMs);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(new MetricSample(jobId, r.getLong(1), r.getDouble(2), r.getLong(3), r.getDouble(4)));
                    }
                }
            } catch (SQLException e) {
                throw store.readFailed("reading samples of job " + jobId, e);
            }
        }
        return out;
    }

    /**
     * @param jobId a job id: positive
     * @return every sample of the job, oldest first
     */
    public List<MetricSample> samples(long jobId) {
        return samples(jobId, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** Deletes samples older than {@link #DEFAULT_RETENTION} (7 days). @return samples deleted */
    public int applyRetention() throws InterruptedException {
        return deleteSamplesOlderThan(DEFAULT_RETENTION);
    }

    /**
     * Deletes the samples taken more than {@code age} before now (the store's wall clock), after committing what is
     * queued. Jobs and attempts are kept.
     *
     * @param age 1 hour to 36,500 days
     * @return samples deleted
     */
    public int deleteSamplesOlderThan(Duration age) throws InterruptedException {
        if (age == null || age.compareTo(Duration.ofHours(1)) < 0 || age.compareTo(Duration.ofDays(36_500)) > 0) {
            throw new IllegalArgumentException("age must be from 1 hour to 36500 days, was " + age);
        }
        long cutoff = wallClockMs.getAsLong() - age.toMillis();
        return store.maintain(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM samples WHERE time_ms < ?")) {
                p.setLong(1, cutoff);
                return p.executeUpdate();
            }
        });
    }

    /**
     * Fills the store with a plausible history for examples and dashboards: {@code jobs} finished jobs over the last
     * 3 days, in a few sessions of three tenants, mostly COMPLETED, some after retries, some FAILED or CANCELLED,
     * each with a sample a minute while it ran. Deterministic for a seed (given the wall clock). Every seeded job is
     * terminal, so an engine opening the store recovers none of them.
     *
     * @param jobs 1 to 1,000,000
     * @return the first and last job ids seeded
     * @throws IllegalStateException if an engine has taken the store over (seed before building one)
     */
    public long[] seedDemoData(int jobs, long seed) throws InterruptedException {
        if (jobs < 1 || jobs > 1_000_000) {
            throw new IllegalArgumentException("jobs must be between 1 and 1000000, was " + jobs);
        }
        store.checkOpen();
        if (store.isRecovered()) {
            throw new IllegalStateException("an engine already uses " + store.path() + "; seed demo data before "
                + "building the engine, so their job ids cannot collide");
        }
        long firstJob;
        long firstSession;
        try {
            firstJob = store.queryLong("SELECT coalesce(max(id), 0) FROM jobs") + 1;
            firstSession = store.queryLong("SELECT coalesce(max(id), 0) FROM sessions") + 1;
        } catch (SQLException e) {
            throw store.readFailed("reading " + store.path(), e);
        }
        SplittableRandom random = new SplittableRandom(seed);
        String[] tenants = {"risk", "research", "ops"};
        String[] handlers = {"price-option", "train-model", "render-frame"};
        long now = wallClockMs.getAsLong();
        long start = now - Duration.ofDays(3).toMillis();
        int sessionCount = Math.max(1, jobs / 500);
        for (int s = 0; s < sessionCount; s++) {
            long opened = start + (long) s * (now - start) / sessionCount;
            store.append(new JournalRecord.SessionOpened(firstSession + s, "batch-" + (s + 1), tenants[s % 3], opened));
        }
        for (int i = 0; i < jobs; i++) {
            long id = firstJob + i;
            int session = i % sessionCount;
            long submitted = start + (long) ((now - start - 3_600_000L) * (i / (double) jobs));
            int kind = random.nextInt(3);
            store.append(new JournalRecord.Submitted(id, firstSession + session, handlers[kind], handlers[kind] + "-" + i,
                1 + random.nextInt(10), tenants[session % 3], new byte[0], new long[0], submitted));
            long t = submitted + random.nextInt(5_000);
            store.append(new JournalRecord.Transition(id, TaskState.SUBMITTED, TaskState.QUEUED, 0, t, null));
            int roll = random.nextInt(100);
            int attempts = roll < 85 ? 1 : roll < 95 ? 2 : 3;
            TaskState end = roll < 92 ? TaskState.COMPLETED : roll < 97 ? TaskState.FAILED : TaskState.CANCELLED;
            for (int a = 1; a <= attempts; a++) {
                t += random.nextInt(60_000);
                store.append(new JournalRecord.Transition(id, TaskState.QUEUED, TaskState.RUNNING, a, t, null));
                long runMs = 60_000L + random.nextInt(600_000);
                double cpuBase = kind == 1 ? 350 : 90;
                for (long m = 0; m < runMs; m += 60_000) {
                    store.append(new JournalRecord.Sample(id, t + m, cpuBase + random.nextDouble(-20, 20),
                        (512L << 20) + random.nextLong(1L << 30), kind == 1 ? 60 + random.nextDouble(40) : 0));
                }
                t += runMs;
                boolean last = a == attempts;
                TaskState to = last ? end : TaskState.RETRY;
                String error = to == TaskState.COMPLETED ? null : to == TaskState.CANCELLED ? "cancelled by its owner"
                    : "java.io.IOException: node lost during attempt " + a;
                store.append(new JournalRecord.Transition(id, TaskState.RUNNING, to, a, t, error));
                if (!last) {
                    store.append(new JournalRecord.Transition(id, TaskState.RETRY, TaskState.QUEUED, a, t + 1_000, null));
                }
            }
        }
        for (int s = 0; s < sessionCount; s++) {
            store.append(new JournalRecord.SessionDone(firstSession + s, SessionState.COMPLETED, now));
        }
        store.flush();
        return new long[] {firstJob, firstJob + jobs - 1};
    }
}
