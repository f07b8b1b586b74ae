package io.htcengine.sqlite;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Crash recovery for real: a child JVM ({@link CrashWorkload}) runs a durable workload — it submits tasks into one
 * session until it dies — and is killed with SIGKILL ({@code Process.destroyForcibly()} on Linux) at a random moment,
 * again and again; then one last child seals the session and runs it to the end. After each kill the test opens the store and checks:
 * <ul>
 *   <li>SQLite's {@code PRAGMA integrity_check} says ok;</li>
 *   <li>every job the child acknowledged (its SYNC submit returned) is in the store: no acknowledged task lost;</li>
 * </ul>
 * and at the end: every acknowledged job COMPLETED, its handler finished at least once, and a job finished more
 * than once only if it was not yet COMPLETED in the store at a kill after it had finished (it was RUNNING, as far
 * as the store knew) — a job the store had COMPLETED never runs again.
 */
class CrashRecoveryTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void survivesTwentyKillsAtRandomMoments() throws Exception {
        crashRepeatedly(20, 0xC0FFEEL);
    }

    @Test
    @Tag("slow")
    @Timeout(900)
    void survivesAHundredKillsAtRandomMoments() throws Exception {
        crashRepeatedly(100, 0xBADC0DEL);
    }

    private void crashRepeatedly(int kills, long seed) throws Exception {
        Path db = dir.resolve("crash.db");
        Path effects = dir.resolve("effects.log");
        Random random = new Random(seed);
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        // After kill k: jobs COMPLETED in the store, and how far the effect log had got.
        List<Set<Long>> completedAtKill = new ArrayList<>();
        List<Integer> effectsAtKill = new ArrayList<>();
        Set<Long> ranBeforeAKillUnrecorded = new HashSet<>();
        int killsDuringWork = 0;
        for (int k = 0; k < kills; k++) {
            long delayMs = 150 + random.nextInt(1_100);
            Child child = Child.start(db, effects, "run", acknowledged);
            boolean exited = child.process.waitFor(delayMs, TimeUnit.MILLISECONDS);
            if (!exited) {
                child.process.destroyForcibly(); // SIGKILL on Linux
                child.process.waitFor(30, TimeUnit.SECONDS);
                killsDuringWork++;
            }
            child.drain();
            assertTrue(!exited, "a run child only ends when killed, but it exited:\n" + child.output);
            try (SqliteStore store = SqliteStore.at(db).open()) {
                assertEquals("ok", store.integrityCheck(), "integrity after kill " + k);
                Set<Long> stored = ids(store, "SELECT id FROM jobs");
                for (long id : acknowledged) {
                    if (!stored.contains(id)) {
                        fail("acknowledged job " + id + " is missing from the store after kill " + k);
                    }
                }
                Set<Long> completed = ids(store, "SELECT id FROM jobs WHERE state = 'COMPLETED'");
                List<long[]> log = effects(effects);
                for (long[] e : log) {
                    if (!completed.contains(e[0])) {
                        ranBeforeAKillUnrecorded.add(e[0]); // it ran; the store had not recorded it COMPLETED
                    }
                }
                completedAtKill.add(completed);
                effectsAtKill.add(log.size());
            }
        }
        Child last = Child.start(db, effects, "finish", acknowledged);
        assertTrue(last.process.waitFor(60, TimeUnit.SECONDS), "the last run finishes the workload");
        last.drain();
        assertEquals(0, last.process.exitValue(), "the last run exits cleanly:\n" + last.output);
        assertTrue(last.output.toString().contains("DONE"), last.output.toString());

        List<long[]> log = effects(effects);
        Map<Long, Integer> runs = new HashMap<>();
        for (long[] e : log) {
            runs.merge(e[0], 1, Integer::sum);
        }
        try (SqliteStore store = SqliteStore.at(db).open()) {
            assertEquals("ok", store.integrityCheck());
            Set<Long> stored = ids(store, "SELECT id FROM jobs");
            assertEquals(stored, ids(store, "SELECT id FROM jobs WHERE state = 'COMPLETED'"), "every job completed");
            assertTrue(stored.containsAll(acknowledged));
            assertEquals("COMPLETED", store.history().list(JobQuery.all().limit(1)).jobs().isEmpty() ? "none"
                : sessionState(store));
            for (long id : stored) {
                int n = runs.getOrDefault(id, 0);
                assertTrue(n >= 1, "job " + id + " completed in the store but its handler never finished");
                if (n > 1 && !ranBeforeAKillUnrecorded.contains(id)) {
                    fail("job " + id + " finished " + n + " times, yet it was never RUNNING at a kill");
                }
            }
        }
        // A job the store had COMPLETED at a kill never ran again afterwards.
        for (int k = 0; k < completedAtKill.size(); k++) {
            Set<Long> done = completedAtKill.get(k);
            for (int i = effectsAtKill.get(k); i < log.size(); i++) {
                if (done.contains(log.get(i)[0])) {
                    fail("job " + log.get(i)[0] + " was COMPLETED in the store at kill " + k + " and ran again");
                }
            }
        }
        assertEquals(kills, killsDuringWork, "every kill hit a running child");
        System.out.printf("crash test: %d runs killed with SIGKILL, %d tasks, %d acknowledged, %d re-runs of tasks "
            + "running at a kill%n", killsDuringWork, runs.size(), acknowledged.size(),
            runs.values().stream().mapToInt(n -> n - 1).sum());
    }

    private static String sessionState(SqliteStore store) throws SQLException {
        return store.queryLong("SELECT count(*) FROM sessions WHERE name = 'crash' AND state = 'COMPLETED'") == 1
            ? "COMPLETED" : "not completed";
    }

    private static Set<Long> ids(SqliteStore store, String sql) throws SQLException {
        return store.queryIds(sql);
    }

    /** Complete lines of the effect log ({@code jobId attempt}); a line cut by the kill is ignored. */
    private static List<long[]> effects(Path file) throws IOException {
        List<long[]> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return out;
        }
        for (String line : text.substring(0, end).split("\n")) {
            String[] parts = line.split(" ");
            out.add(new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])});
        }
        return out;
    }

    /** A child JVM and a thread reading its output. */
    private static final class Child {
        final Process process;
        final Thread reader;
        final StringBuffer output = new StringBuffer();

        private Child(Process process, Set<Long> acknowledged) {
            this.process = process;
            this.reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        if (line.startsWith("ACK ")) {
                            acknowledged.add(Long.parseLong(line.substring(4).trim()));
                        } else {
                            output.append(line).append('\n');
                        }
                    }
                } catch (IOException | NumberFormatException e) {
                    output.append("reader: ").append(e).append('\n'); // a line cut by the kill
                }
            }, "crash-child-reader");
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(Path db, Path effects, String mode, Set<Long> acknowledged) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            // sqlite-jdbc unpacks its native library per JVM and deletes it at a normal exit only: a killed child's
            // copy goes in the test's folder, not in java.io.tmpdir (where ~1 MB per kill would stay).
            ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Dorg.sqlite.tmpdir=" + db.toAbsolutePath().getParent(), "-cp", cp,
                CrashWorkload.class.getName(), db.toString(), effects.toString(), mode);
            pb.redirectErrorStream(true);
            return new Child(pb.start(), acknowledged);
        }

        void drain() throws InterruptedException {
            reader.join(30_000);
        }
    }
}
