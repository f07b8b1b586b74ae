package io.htcengine.sqlite;

import io.htcengine.api.TaskState;
import io.htcengine.spi.JournalRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class JobHistoryTest {
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long NOW = 1_800_000_000_000L;

    @TempDir
    Path dir;
    private final AtomicLong wallMs = new AtomicLong(NOW);
    private SqliteStore store;
    private JobHistory history;

    @BeforeEach
    void open() {
        store = SqliteStore.at(dir.resolve("h.db")).wallClockMs(wallMs::get).open();
        history = store.history();
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Job i: session 1 + i % 2, tenant alice or bob (i % 3 == 0), submitted i hours ago, ending by i % 4. */
    private void jobs(int n) throws InterruptedException {
        for (long i = 1; i <= n; i++) {
            long t = NOW - i * 3_600_000L;
            store.append(new JournalRecord.Submitted(i, 1 + i % 2, "h", "job" + i, 5, i % 3 == 0 ? "bob" : "alice",
                new byte[] {(byte) i}, i > 1 ? new long[] {i - 1} : new long[0], t));
            store.append(new JournalRecord.Transition(i, TaskState.SUBMITTED, TaskState.QUEUED, 0, t + 1, null));
            if (i % 4 == 0) {
                continue; // stays QUEUED
            }
            store.append(new JournalRecord.Transition(i, TaskState.QUEUED, TaskState.RUNNING, 1, t + 2, null));
            if (i % 4 == 1) {
                store.append(new JournalRecord.Transition(i, TaskState.RUNNING, TaskState.COMPLETED, 1, t + 3, null));
            } else if (i % 4 == 2) {
                store.append(new JournalRecord.Transition(i, TaskState.RUNNING, TaskState.RETRY, 1, t + 3, "x: boom"));
                store.append(new JournalRecord.Transition(i, TaskState.RETRY, TaskState.QUEUED, 1, t + 4, null));
                store.append(new JournalRecord.Transition(i, TaskState.QUEUED, TaskState.RUNNING, 2, t + 5, null));
                store.append(new JournalRecord.Transition(i, TaskState.RUNNING, TaskState.FAILED, 2, t + 6, "x: again"));
            }
        }
        store.flush();
    }

    @Test
    void listsFilterByStateTenantSessionAndTime() throws Exception {
        jobs(40);
        assertEquals(10, history.list(JobQuery.all().states(TaskState.COMPLETED)).jobs().size());
        assertEquals(20, history.list(JobQuery.all().states(TaskState.COMPLETED, TaskState.FAILED)).jobs().size());
        List<JobRecord> bob = history.list(JobQuery.all().tenant("bob")).jobs();
        assertEquals(13, bob.size());
        assertTrue(bob.stream().allMatch(j -> j.jobId() % 3 == 0));
        assertEquals(20, history.list(JobQuery.all().session(2)).jobs().size());
        // submitted within the last 10 hours (jobs 1..9 are 1 to 9 hours old; job 10 is exactly 10 hours old)
        List<JobRecord> recent = history.list(JobQuery.all()
            .submittedBetween(Instant.ofEpochMilli(NOW - 10 * 3_600_000L + 1), Instant.ofEpochMilli(NOW))).jobs();
        assertEquals(9, recent.size());
        assertEquals(9, recent.get(0).jobId(), "newest id first");
        List<JobRecord> combined = history.list(JobQuery.all().states(TaskState.FAILED).tenant("alice").session(1)).jobs();
        assertTrue(combined.stream().allMatch(j -> j.state() == TaskState.FAILED && "alice".equals(j.tenant())
            && j.sessionId() == 1), combined.toString());
    }

    @Test
    void pagesWalkEveryJobOnceNewestFirst() throws Exception {
        jobs(25);
        List<Long> ids = new ArrayList<>();
        JobQuery q = JobQuery.all().limit(7);
        JobPage page = history.list(q);
        int pages = 1;
        while (true) {
            page.jobs().forEach(j -> ids.add(j.jobId()));
            if (page.nextCursor().isEmpty()) {
                break;
            }
            page = history.list(q.after(page.nextCursor().getAsLong()));
            pages++;
        }
        assertEquals(4, pages);
        List<Long> expected = new ArrayList<>();
        for (long i = 25; i >= 1; i--) {
            expected.add(i);
        }
        assertEquals(expected, ids);
    }

    @Test
    void oneJobsDetailsAndAttempts() throws Exception {
        jobs(6);
        JobDetails failed = history.job(6).orElseThrow();
        assertEquals(TaskState.FAILED, failed.job().state());
        assertEquals(2, failed.job().attempts());
        assertEquals("x: again", failed.job().error());
        assertArrayEquals(new byte[] {6}, failed.input());
        assertArrayEquals(new long[] {5}, failed.parents());
        assertEquals(2, failed.attempts().size());
        assertEquals(new JobDetails.Attempt(1, NOW - 6 * 3_600_000L + 2, NOW - 6 * 3_600_000L + 3, "RETRY", "x: boom"),
            failed.attempts().get(0));
        assertEquals("FAILED", failed.attempts().get(1).outcome());
        assertTrue(failed.job().finishedMs() > 0);
        assertEquals(0, history.job(4).orElseThrow().job().finishedMs(), "a queued job has not finished");
        assertFalse(history.job(99).isPresent());
    }

    @Test
    void samplesAreRecordedReadAndRetainedForSevenDaysByDefault() throws Exception {
        jobs(1);
        history.recordSample(1, NOW - 8 * DAY, 90.5, 1 << 20, 0);
        history.recordSample(1, NOW - 6 * DAY, 100, 2 << 20, 12.5);
        history.recordSample(1, NOW - DAY, 110, 3 << 20, 25);
        store.flush();
        List<MetricSample> all = history.samples(1);
        assertEquals(3, all.size());
        assertEquals(new MetricSample(1, NOW - 6 * DAY, 100, 2 << 20, 12.5), all.get(1));
        assertEquals(1, history.samples(1, NOW - 2 * DAY, NOW).size());
        assertEquals(1, history.applyRetention());
        assertEquals(2, history.samples(1).size());
        wallMs.addAndGet(2 * DAY); // two days on, the 6-day-old sample is 8 days old
        assertEquals(1, history.applyRetention());
        assertEquals(1, history.deleteSamplesOlderThan(Duration.ofHours(1)));
        assertTrue(history.samples(1).isEmpty());
    }

    @Test
    void seedingWritesAPlausibleDeterministicHistoryOfFinishedJobs() throws Exception {
        long[] range = history.seedDemoData(1_000, 7);
        assertArrayEquals(new long[] {1, 1_000}, range);
        long completed = count(TaskState.COMPLETED);
        long failed = count(TaskState.FAILED);
        long cancelled = count(TaskState.CANCELLED);
        assertEquals(1_000, completed + failed + cancelled, "every seeded job is terminal");
        assertTrue(completed > 850 && failed > 10 && cancelled > 5, completed + "/" + failed + "/" + cancelled);
        JobDetails one = history.job(1).orElseThrow();
        assertFalse(history.samples(1).isEmpty());
        assertEquals(one.job().attempts(), one.attempts().size());
        assertTrue(store.recover().jobs().isEmpty());
        assertThrows(IllegalStateException.class, () -> history.seedDemoData(10, 7));
        assertEquals("ok", store.integrityCheck());
    }

    private long count(TaskState state) {
        long n = 0;
        JobQuery q = JobQuery.all().states(state).limit(JobQuery.MAX_LIMIT);
        JobPage page = history.list(q);
        n += page.jobs().size();
        while (page.nextCursor().isPresent()) {
            page = history.list(q.after(page.nextCursor().getAsLong()));
            n += page.jobs().size();
        }
        return n;
    }

    @Test
    void countsOutputsAndWholeSessionRetention() throws Exception {
        store.append(new JournalRecord.SessionOpened(1, "run", null, NOW));
        store.append(new JournalRecord.SessionOpened(2, "run", null, NOW));
        jobs(8); // sessions 1 and 2, four jobs each
        store.append(new JournalRecord.Transition(9, TaskState.RUNNING, TaskState.COMPLETED, 1, NOW, null,
            new byte[] {42})); // no such job: nothing happens
        store.append(new JournalRecord.SessionDone(1, io.htcengine.api.SessionState.COMPLETED, NOW));
        store.flush();
        assertEquals(8, history.count(JobQuery.all().limit(1)));
        assertEquals(2, history.count(JobQuery.all().states(TaskState.COMPLETED)));
        assertEquals(2L, history.openSessionId("run").getAsLong());
        assertEquals(List.of(1L), history.finishedSessionIds("run"));
        List<Long> withOutput = new ArrayList<>();
        history.forEachOutput(2, (out, id) -> withOutput.add(id));
        assertEquals(List.of(1L, 5L), withOutput, "COMPLETED jobs of session 2 (ids 1 and 5)");
        assertMessage("sessionId must name a finished session", () -> history.deleteFinishedSession(2));
        assertEquals(4, history.deleteFinishedSession(1));
        assertEquals(4, history.count(JobQuery.all()));
        assertTrue(history.finishedSessionIds("run").isEmpty());
    }

    @Test
    void everyCallOnAClosedStoreSaysItIsClosed() throws Exception {
        jobs(2);
        store.close();
        String closed = "the store " + store.path() + " is closed";
        List<org.junit.jupiter.api.function.Executable> calls = List.of(
            () -> history.list(JobQuery.all()), () -> history.count(JobQuery.all()), () -> history.job(1),
            () -> history.samples(1), () -> history.openSessionId("run"), () -> history.finishedSessionIds("run"),
            () -> history.forEachOutput(1, (out, id) -> { }), () -> history.seedDemoData(1, 1), store::recover,
            store::integrityCheck, history::applyRetention, () -> history.deleteFinishedSession(1),
            () -> history.recordSample(1, NOW, 1, 1, 0));
        for (int i = 0; i < calls.size(); i++) {
            StoreException e = assertThrows(StoreException.class, calls.get(i), "call " + i);
            assertEquals(closed, e.getMessage(), "call " + i);
        }
    }

    @Test
    void badArgumentsNameTheField() {
        assertMessage("limit must be between 1 and 10000", () -> JobQuery.all().limit(0));
        assertMessage("states needs at least one of", () -> JobQuery.all().states());
        assertMessage("tenant must be a non-blank string", () -> JobQuery.all().tenant(" "));
        assertMessage("sessionId must be positive", () -> JobQuery.all().session(0));
        assertMessage("cursor must be a positive job id", () -> JobQuery.all().after(-1));
        assertMessage("submittedBetween needs from before to",
            () -> JobQuery.all().submittedBetween(Instant.ofEpochMilli(5), Instant.ofEpochMilli(5)));
        assertMessage("cpuPercent must be a finite number >= 0", () -> history.recordSample(1, 0, -1, 0, 0));
        assertMessage("memoryBytes must be >= 0", () -> history.recordSample(1, 0, 0, -1, 0));
        assertMessage("gpuPercent must be a finite number >= 0", () -> history.recordSample(1, 0, 0, 0, Double.NaN));
        assertMessage("age must be from 1 hour", () -> history.deleteSamplesOlderThan(Duration.ofMinutes(1)));
        assertMessage("jobs must be between 1 and 1000000", () -> history.seedDemoData(0, 1));
        assertMessage("query must not be null", () -> history.list(null));
    }

    @Test
    void nullArgumentsAndNonPositiveIdsOfReadsNameTheParameter() {
        assertMessage("query must not be null", () -> history.count(null));
        assertMessage("action must not be null", () -> history.forEachOutput(1, null));
        assertMessage("sessionId must be positive, was -1", () -> history.forEachOutput(-1, (out, id) -> { }));
        assertMessage("jobId must be positive, was -1", () -> history.job(-1));
        assertMessage("jobId must be positive, was 0", () -> history.job(0)); // the store's job ids start at 1
        assertMessage("jobId must be positive, was -1", () -> history.samples(-1));
        assertMessage("jobId must be positive, was 0", () -> history.samples(0, 0, 1));
    }

    @Test
    void submittedBetweenClampsFarInstantsAndRoundsOutwardToWholeMilliseconds() throws Exception {
        jobs(3); // submitted 1, 2 and 3 hours before NOW
        assertEquals(3, history.count(JobQuery.all().submittedBetween(Instant.MIN, Instant.MAX)));
        Instant one = Instant.ofEpochMilli(NOW - 3_600_000L);
        assertEquals(2, history.count(JobQuery.all().submittedBetween(Instant.MIN, one)), "to still bounds it");
        assertEquals(1, history.count(JobQuery.all().submittedBetween(one, Instant.MAX)));
        // under a millisecond: from rounds down, to up, so job 1's millisecond is in
        assertEquals(1, history.count(JobQuery.all().submittedBetween(one, one.plusNanos(100))));
        assertEquals(1, history.count(JobQuery.all().submittedBetween(one.plusNanos(100), one.plusNanos(200))));
        assertEquals(0, history.count(JobQuery.all().submittedBetween(one.plusMillis(1), one.plusMillis(1).plusNanos(1))));
    }

    @Test
    void aSampleOfAJobTheStoreDoesNotHaveIsRefused() throws Exception {
        jobs(1);
        assertMessage("jobId must name a job in the store, was 999999", () -> history.recordSample(999_999, NOW, 1, 1, 0));
        store.append(new JournalRecord.Submitted(2, 0, "h", "n", 5, null, new byte[0], new long[0], NOW));
        history.recordSample(2, NOW, 1, 1, 0); // appended, not yet committed: it counts
        store.flush();
        assertEquals(1, history.samples(2).size());
        assertTrue(history.samples(999_999).isEmpty());
    }

    private static void assertMessage(String start, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }
}
