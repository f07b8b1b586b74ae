package io.htcengine.sqlite;

import io.htcengine.api.TaskState;
import io.htcengine.spi.JournalRecord;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Folding a batch's records per job must leave exactly the rows that writing them one transaction at a time
 * leaves: random interleavings of legal task lifecycles (retries, checkpoints, cancels), written both ways.
 */
class BatchFoldingProperties {

    @Property(tries = 15)
    void foldedBatchesLeaveTheSameRowsAsOneRecordPerTransaction(@ForAll long seed,
                                                                @ForAll @IntRange(min = 1, max = 40) int jobs)
        throws Exception {
        List<JournalRecord> records = lifecycles(new SplittableRandom(seed), jobs);
        Path oneByOne = write(records, 1);
        Path folded = write(records, 1 << 16);
        try {
            assertEquals(dump(oneByOne), dump(folded));
        } finally {
            TempFolders.delete(oneByOne.getParent());
            TempFolders.delete(folded.getParent());
        }
    }

    /** Random legal lifecycles of {@code jobs} jobs, interleaved at random. */
    static List<JournalRecord> lifecycles(SplittableRandom random, int jobs) {
        List<List<JournalRecord>> perJob = new ArrayList<>();
        long t = 1_000;
        for (long id = 1; id <= jobs; id++) {
            List<JournalRecord> out = new ArrayList<>();
            out.add(new JournalRecord.Submitted(id, id % 3, "h", "j" + id, 1 + (int) (id % 10), id % 2 == 0 ? "a" : null,
                new byte[] {(byte) id}, id > 1 && random.nextBoolean() ? new long[] {id - 1} : new long[0], t++));
            TaskState state = TaskState.SUBMITTED;
            int attempt = 0;
            while (!state.isTerminal() && out.size() < 30) {
                TaskState next;
                String error = null;
                switch (state) {
                    case SUBMITTED: next = random.nextInt(10) == 0 ? TaskState.CANCELLED : TaskState.QUEUED; break;
                    case QUEUED: next = random.nextInt(10) == 0 ? TaskState.CANCELLED : TaskState.RUNNING; break;
                    case RETRY: next = TaskState.QUEUED; break;
                    default: {
                        int roll = random.nextInt(10);
                        next = roll < 5 ? TaskState.COMPLETED : roll < 8 ? TaskState.RETRY
                            : roll < 9 ? TaskState.FAILED : TaskState.CANCELLED;
                        error = next == TaskState.COMPLETED ? null : "boom " + attempt;
                        if (random.nextBoolean()) {
                            out.add(new JournalRecord.Checkpoint(id, attempt, new byte[] {(byte) attempt}, t++));
                        }
                    }
                }
                if (next == TaskState.RUNNING) {
                    attempt++;
                }
                out.add(new JournalRecord.Transition(id, state, next, attempt, t++, error));
                state = next;
            }
            perJob.add(out);
        }
        List<JournalRecord> merged = new ArrayList<>();
        int[] cursor = new int[jobs];
        int left = perJob.stream().mapToInt(List::size).sum();
        while (left > 0) {
            int j = random.nextInt(jobs);
            if (cursor[j] < perJob.get(j).size()) {
                merged.add(perJob.get(j).get(cursor[j]++));
                left--;
            }
        }
        return merged;
    }

    private static Path write(List<JournalRecord> records, int capacity) throws Exception {
        Path dir = Files.createTempDirectory("htc-fold");
        Path db = dir.resolve("f.db");
        try (SqliteStore store = SqliteStore.at(db).queueCapacity(capacity).open()) {
            store.recover();
            for (JournalRecord r : records) {
                store.append(r);
            }
            store.flush();
        }
        return db;
    }

    /** Every job as the history API shows it (the raw attempts table differs: folded attempts live in the job row). */
    private static String dump(Path db) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (SqliteStore store = SqliteStore.at(db).open()) {
            JobPage page = store.history().list(JobQuery.all().limit(JobQuery.MAX_LIMIT));
            for (JobRecord job : page.jobs()) {
                JobDetails d = store.history().job(job.jobId()).orElseThrow();
                sb.append(d.job()).append(Arrays.toString(d.input())).append(Arrays.toString(d.output()))
                    .append(Arrays.toString(d.checkpoint())).append(Arrays.toString(d.parents()))
                    .append(d.attempts()).append('\n');
            }
        }
        return sb.toString();
    }
}
