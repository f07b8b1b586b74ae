package io.htcengine.sqlite;

import io.htcengine.api.TaskState;
import io.htcengine.spi.JournalRecord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A measured run of the journal's write throughput: durable transitions per second through {@link SqliteStore},
 * beside a baseline of the same records written one transaction per record, in the same run.
 *
 * <p>Each simulated task writes what the engine writes for a durable task that completes on its first attempt: its
 * submission, then SUBMITTED→QUEUED, QUEUED→RUNNING (which opens an attempt row) and RUNNING→COMPLETED (which
 * closes it). A "durable transition" is one of those four records, counted once its transaction has committed.
 *
 * <p>Run: {@code mvn -q -o -pl engine-sqlite -am test-compile} then
 * {@code java -cp engine-sqlite/target/test-classes:engine-sqlite/target/classes:$(cat cp.txt) \
 * io.htcengine.sqlite.JournalThroughput [tasks] [baselineTasks]} (see docs/persistence.md for the figures).
 */
public final class JournalThroughput {
    /** How many submissions run ahead of the transitions (the demo's lanes hold far more). */
    private static final long LAG = 100_000;

    private JournalThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 250_000;
        int baselineTasks = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        for (SqliteStore.Sync sync : new SqliteStore.Sync[] {SqliteStore.Sync.NORMAL, SqliteStore.Sync.FULL}) {
            double grouped = run(sync, tasks, 1 << 16);
            double groupedCpu = lastWriterCpuNsPerRecord;
            double single = run(sync, baselineTasks, 1);
            double singleCpu = lastWriterCpuNsPerRecord;
            System.out.printf(Locale.ROOT, "sync=%-6s group commit: %,10.0f transitions/s (writer CPU %.2f us each) | "
                + "one transaction per transition: %,8.0f transitions/s (writer CPU %.1f us each) | ratio %.0fx%n",
                sync, grouped, groupedCpu / 1e3, single, singleCpu / 1e3, grouped / single);
        }
    }

    /** CPU time the writer thread spent per record in the last run: what the load of the machine does not change. */
    static double lastWriterCpuNsPerRecord;

    private static long writerCpuNs() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("htc-store-writer")) {
                return mx.getThreadCpuTime(t.getId());
            }
        }
        return -1;
    }

    /** @return durable transitions per second, from the first append to the last commit. */
    static double run(SqliteStore.Sync sync, int tasks, int queueCapacity) throws Exception {
        Path dir = Files.createTempDirectory("htc-journal-bench");
        Path db = dir.resolve("bench.db");
        try {
            long transitions;
            long writerCpuNs;
            long startNs;
            long endNs;
            try (SqliteStore store = SqliteStore.at(db).sync(sync).queueCapacity(queueCapacity).open()) {
                store.recover();
                byte[] input = new byte[8];
                byte[] output = new byte[8];
                startNs = System.nanoTime();
                // As in the demo, a task's submission and its run are far apart: submissions lead by LAG tasks, so
                // they land in different batches (an insert, then an update), the costlier case for the writer.
                long lag = Math.min(tasks, LAG);
                for (long id = 1; id <= tasks + lag; id++) {
                    long t = 1_700_000_000_000L + id;
                    if (id <= tasks) {
                        store.append(new JournalRecord.Submitted(id, 1, "price", "price", 5, "bench", input,
                            new long[0], t));
                    }
                    long run = id - lag;
                    if (run >= 1) {
                        store.append(new JournalRecord.Transition(run, TaskState.SUBMITTED, TaskState.QUEUED, 0, t, null));
                        store.append(new JournalRecord.Transition(run, TaskState.QUEUED, TaskState.RUNNING, 1, t, null));
                        store.append(new JournalRecord.Transition(run, TaskState.RUNNING, TaskState.COMPLETED, 1, t,
                            null, output));
                    }
                }
                store.flush();
                endNs = System.nanoTime();
                transitions = store.recordsWritten();
                writerCpuNs = writerCpuNs();
            }
            lastWriterCpuNsPerRecord = writerCpuNs / (double) transitions;
            return transitions / ((endNs - startNs) / 1e9);
        } finally {
            for (String f : new String[] {"bench.db", "bench.db-wal", "bench.db-shm", "bench.db.lock"}) {
                Files.deleteIfExists(dir.resolve(f));
            }
            Files.deleteIfExists(dir);
        }
    }
}
