package io.htcengine.sqlite;

import io.htcengine.api.SessionState;
import io.htcengine.api.TaskState;
import io.htcengine.spi.JournalRecord;
import io.htcengine.spi.Recovery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

@Timeout(60)
class SqliteStoreTest {
    @TempDir
    Path dir;

    private static JournalRecord.Submitted submitted(long id, long session, long... parents) {
        return new JournalRecord.Submitted(id, session, "h", "job-" + id, 5, "alice",
            ("in" + id).getBytes(StandardCharsets.UTF_8), parents, 1_000 + id);
    }

    private static JournalRecord.Transition move(long id, TaskState from, TaskState to, int attempt) {
        return new JournalRecord.Transition(id, from, to, attempt, 2_000 + id, null);
    }

    @Test
    void recoversUnfinishedJobsAndSessionsAfterReopen() throws Exception {
        Path db = dir.resolve("s.db");
        try (SqliteStore store = SqliteStore.at(db).open()) {
            assertEquals(Recovery.empty(), store.recover());
            store.append(new JournalRecord.SessionOpened(7, "book", "alice", 10));
            store.append(submitted(1, 7));
            store.append(submitted(2, 7, 1));
            store.append(submitted(3, 0));
            store.append(submitted(4, 7));
            store.append(move(1, TaskState.SUBMITTED, TaskState.QUEUED, 0));
            store.append(move(1, TaskState.QUEUED, TaskState.RUNNING, 1));
            store.append(new JournalRecord.Checkpoint(1, 1, new byte[] {9, 8}, 3_000));
            store.append(move(3, TaskState.SUBMITTED, TaskState.QUEUED, 0));
            store.append(move(3, TaskState.QUEUED, TaskState.RUNNING, 1));
            store.append(move(3, TaskState.RUNNING, TaskState.COMPLETED, 1));
            store.append(new JournalRecord.SessionSealed(7, 20));
            store.flush();
            assertEquals("ok", store.integrityCheck());
        }
        try (SqliteStore store = SqliteStore.at(db).open()) {
            Recovery r = store.recover();
            assertEquals(4, r.maxJobId());
            assertEquals(7, r.maxSessionId());
            assertEquals(3, r.jobs().size(), r.toString());
            Recovery.Job one = r.jobs().get(0);
            assertEquals(1, one.jobId());
            assertEquals(TaskState.RUNNING, one.state());
            assertEquals(1, one.attempts());
            assertArrayEquals(new byte[] {9, 8}, one.checkpoint());
            assertArrayEquals("in1".getBytes(StandardCharsets.UTF_8), one.input());
            assertEquals("alice", one.tenant());
            Recovery.Job two = r.jobs().get(1);
            assertArrayEquals(new long[] {1}, two.parents()); // parent 1 has not completed
            assertEquals(1, r.sessions().size());
            assertTrue(r.sessions().get(0).sealed());
            store.append(new JournalRecord.SessionDone(7, SessionState.COMPLETED, 30));
            store.flush();
        }
        try (SqliteStore store = SqliteStore.at(db).open()) {
            assertTrue(store.recover().sessions().isEmpty());
        }
    }

    @Test
    void refusesAFileThatIsNotSqlite() throws Exception {
        Path db = dir.resolve("notes.txt");
        Files.writeString(db, "these are my notes, not a database; please keep them\n".repeat(20));
        byte[] before = Files.readAllBytes(db);
        StoreException e = assertThrows(StoreException.class, () -> SqliteStore.at(db).open());
        assertTrue(e.getMessage().contains("not an SQLite database"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(db), "a refused file is never reset");
    }

    @Test
    void refusesAForeignSqliteDatabase() throws Exception {
        Path db = dir.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
        }
        StoreException e = assertThrows(StoreException.class, () -> SqliteStore.at(db).open());
        assertTrue(e.getMessage().contains("another application"), e.getMessage());
    }

    @Test
    void refusesADamagedStore() throws Exception {
        Path db = dir.resolve("damaged.db");
        try (SqliteStore store = SqliteStore.at(db).open()) {
            store.recover();
            for (long i = 1; i <= 2_000; i++) {
                store.append(submitted(i, 0));
            }
            store.flush();
        }
        // Scribble over pages past the header: the file still looks like SQLite, but its b-trees are broken.
        byte[] bytes = Files.readAllBytes(db);
        for (int i = 4096 + 100; i < bytes.length; i += 7) {
            bytes[i] = (byte) 0xA5;
        }
        Files.write(db, bytes);
        StoreException e = assertThrows(StoreException.class, () -> SqliteStore.at(db).open());
        assertTrue(e.getMessage().contains("damaged") || e.getMessage().contains("not a database"), e.getMessage());
    }

    @Test
    void aSecondOpenerIsRefusedAfterTheBusyTimeout() {
        Path db = dir.resolve("busy.db");
        try (SqliteStore first = SqliteStore.at(db).open()) {
            StoreException e = assertThrows(StoreException.class,
                () -> SqliteStore.at(db).busyTimeout(Duration.ofMillis(50)).open());
            assertTrue(e.getMessage().contains("in use by another engine"), e.getMessage());
        }
    }

    @Test
    void aDatabaseLockedByAnotherConnectionFailsWritesWithAClearError() throws Exception {
        Path db = dir.resolve("locked.db");
        try (SqliteStore store = SqliteStore.at(db).busyTimeout(Duration.ofMillis(200)).open()) {
            store.recover();
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db);
                 Statement s = other.createStatement()) {
                s.execute("BEGIN EXCLUSIVE");
                long seq = store.append(submitted(1, 0));
                StoreException e = assertThrows(StoreException.class, () -> store.awaitCommitted(seq));
                assertTrue(e.getMessage().contains("busy"), e.getMessage());
                s.execute("ROLLBACK");
            }
            assertThrows(StoreException.class, () -> store.append(submitted(2, 0)));
            assertThrows(StoreException.class, store::close);
        }
    }

    @Test
    void badSettingsNameTheFieldAndItsRange() {
        Path db = dir.resolve("x.db");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> SqliteStore.at(db).queueCapacity(0).open());
        assertTrue(e.getMessage().startsWith("queueCapacity must be between 1 and"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SqliteStore.at(db).busyTimeout(Duration.ofSeconds(-1)).open());
        assertTrue(e.getMessage().startsWith("busyTimeout must be"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SqliteStore.at(db).sync(null).open());
        assertTrue(e.getMessage().contains("FULL, NORMAL"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SqliteStore.at(null));
    }

    @Test
    void aBadRecordIsRefusedAtAppendAndNothingAcceptedIsLost() throws Exception {
        try (SqliteStore store = SqliteStore.at(dir.resolve("bad.db")).open()) {
            store.recover();
            store.append(submitted(1, 0));
            // The probe's record: accepted, it failed the writer's batch (NOT NULL) and took job 1 down with it.
            assertRefused(store, "Sample.cpuPercent must be a finite number >= 0, was NaN",
                new JournalRecord.Sample(1, 1, Double.NaN, -5, -1));
            assertRefused(store, "Sample.memoryBytes must be >= 0", new JournalRecord.Sample(1, 1, 0, -5, 0));
            assertRefused(store, "Sample.gpuPercent must be a finite number >= 0",
                new JournalRecord.Sample(1, 1, 0, 0, Double.POSITIVE_INFINITY));
            assertRefused(store, "Sample.jobId must be positive", new JournalRecord.Sample(0, 1, 0, 0, 0));
            assertRefused(store, "Sample.timeMs must be epoch milliseconds >= 0", new JournalRecord.Sample(1, -1, 0, 0, 0));
            byte[] in = {1};
            long[] none = {};
            assertRefused(store, "Submitted.jobId must be positive",
                new JournalRecord.Submitted(0, 0, "h", "n", 5, null, in, none, 1));
            assertRefused(store, "Submitted.sessionId must be >= 0 (0: no session)",
                new JournalRecord.Submitted(2, -1, "h", "n", 5, null, in, none, 1));
            assertRefused(store, "Submitted.handler must be a non-blank string, was null",
                new JournalRecord.Submitted(2, 0, null, "n", 5, null, in, none, 1));
            assertRefused(store, "Submitted.name must be a non-blank string, was ' '",
                new JournalRecord.Submitted(2, 0, "h", " ", 5, null, in, none, 1));
            assertRefused(store, "Submitted.priority must be between 1 and 10, was 11",
                new JournalRecord.Submitted(2, 0, "h", "n", 11, null, in, none, 1));
            assertRefused(store, "Submitted.tenant must be a non-blank string or null",
                new JournalRecord.Submitted(2, 0, "h", "n", 5, "", in, none, 1));
            assertRefused(store, "Submitted.input must not be null",
                new JournalRecord.Submitted(2, 0, "h", "n", 5, null, null, none, 1));
            assertRefused(store, "Submitted.parents must not be null",
                new JournalRecord.Submitted(2, 0, "h", "n", 5, null, in, null, 1));
            assertRefused(store, "Submitted.parents[1] must be a positive job id, was 0",
                new JournalRecord.Submitted(2, 0, "h", "n", 5, null, in, new long[] {1, 0}, 1));
            assertRefused(store, "Submitted.timeMs must be epoch milliseconds >= 0",
                new JournalRecord.Submitted(2, 0, "h", "n", 5, null, in, none, -1));
            assertRefused(store, "Transition.jobId must be positive",
                new JournalRecord.Transition(-1, TaskState.SUBMITTED, TaskState.QUEUED, 0, 1, null));
            assertRefused(store, "Transition.from must be one of", 
                new JournalRecord.Transition(1, null, TaskState.QUEUED, 0, 1, null));
            assertRefused(store, "Transition.to must be one of",
                new JournalRecord.Transition(1, TaskState.SUBMITTED, null, 0, 1, null));
            assertRefused(store, "Transition from QUEUED to COMPLETED is not a state change of a task: from QUEUED "
                + "only RUNNING, CANCELLED", new JournalRecord.Transition(1, TaskState.QUEUED, TaskState.COMPLETED, 1, 1, null));
            assertRefused(store, "Transition.attempt must be >= 0",
                new JournalRecord.Transition(1, TaskState.SUBMITTED, TaskState.QUEUED, -1, 1, null));
            assertRefused(store, "Transition.timeMs must be epoch milliseconds >= 0",
                new JournalRecord.Transition(1, TaskState.SUBMITTED, TaskState.QUEUED, 0, -1, null));
            assertRefused(store, "Checkpoint.jobId must be positive", new JournalRecord.Checkpoint(0, 1, in, 1));
            assertRefused(store, "Checkpoint.attempt must be >= 1", new JournalRecord.Checkpoint(1, 0, in, 1));
            assertRefused(store, "Checkpoint.data must not be null", new JournalRecord.Checkpoint(1, 1, null, 1));
            assertRefused(store, "Checkpoint.timeMs must be epoch milliseconds >= 0",
                new JournalRecord.Checkpoint(1, 1, in, -1));
            assertRefused(store, "SessionOpened.sessionId must be positive",
                new JournalRecord.SessionOpened(0, "s", null, 1));
            assertRefused(store, "SessionOpened.name must be a non-blank string, was null",
                new JournalRecord.SessionOpened(1, null, null, 1));
            assertRefused(store, "SessionOpened.tenant must be a non-blank string or null",
                new JournalRecord.SessionOpened(1, "s", " ", 1));
            assertRefused(store, "SessionOpened.timeMs must be epoch milliseconds >= 0",
                new JournalRecord.SessionOpened(1, "s", null, -1));
            assertRefused(store, "SessionSealed.sessionId must be positive", new JournalRecord.SessionSealed(-3, 1));
            assertRefused(store, "SessionSealed.timeMs must be epoch milliseconds >= 0",
                new JournalRecord.SessionSealed(1, -1));
            assertRefused(store, "SessionDone.sessionId must be positive",
                new JournalRecord.SessionDone(0, SessionState.COMPLETED, 1));
            assertRefused(store, "SessionDone.state must be one of COMPLETED, FAILED, CANCELLED, was null",
                new JournalRecord.SessionDone(1, null, 1));
            assertRefused(store, "SessionDone.state must be one of COMPLETED, FAILED, CANCELLED, was OPEN",
                new JournalRecord.SessionDone(1, SessionState.OPEN, 1));
            assertRefused(store, "SessionDone.timeMs must be epoch milliseconds >= 0",
                new JournalRecord.SessionDone(1, SessionState.COMPLETED, -1));
            store.append(submitted(2, 0)); // the store still takes records
            store.flush();
            assertEquals(2, store.history().count(JobQuery.all()), "the job appended before the bad records is kept");
        }
    }

    private static void assertRefused(SqliteStore store, String start, JournalRecord record) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.append(record),
            () -> "accepted " + record);
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }

    @Test
    void awaitingASequenceNeverHandedOutOrAfterCloseAnswersAtOnce() throws Exception {
        SqliteStore store = SqliteStore.at(dir.resolve("await.db")).open();
        store.recover();
        long seq = store.append(submitted(1, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> assertTimeoutPreemptively(
            Duration.ofSeconds(5), () -> store.awaitCommitted(Long.MAX_VALUE)));
        assertTrue(e.getMessage().startsWith("sequence must be from 0 to the last sequence number append returned ("
            + seq + "), was " + Long.MAX_VALUE), e.getMessage());
        store.close();
        store.awaitCommitted(seq); // committed at close
        StoreException closed = assertThrows(StoreException.class, () -> assertTimeoutPreemptively(
            Duration.ofSeconds(5), () -> store.awaitCommitted(seq + 1)));
        assertTrue(closed.getMessage().contains("is closed"), closed.getMessage());
    }

    @Test
    void aFileNameSqliteWouldTrimIsRefused() {
        // sqlite-jdbc trims the name: "alias.db " would open alias.db under another lock file, a second owner
        for (String name : new String[] {"alias.db ", " alias.db", "alias.db\t", "   "}) {
            Path file = dir.resolve(name);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SqliteStore.at(file));
            assertTrue(e.getMessage().startsWith("file must be named by a non-blank name without leading or "
                + "trailing whitespace, was '" + file + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> SqliteStore.at(Path.of("   ")));
        assertThrows(IllegalArgumentException.class, () -> SqliteStore.at(Path.of("/")));
    }

    @Test
    void aMissingFolderIsNamed() throws Exception {
        Path db = dir.resolve("no/such/dir/x.db");
        StoreException e = assertThrows(StoreException.class, () -> SqliteStore.at(db).open());
        assertEquals("cannot open " + db + " as a job store: the folder " + db.getParent() + " does not exist",
            e.getMessage());
        Path file = Files.writeString(dir.resolve("plain"), "not a folder");
        e = assertThrows(StoreException.class, () -> SqliteStore.at(file.resolve("x.db")).open());
        assertEquals("cannot open " + file.resolve("x.db") + " as a job store: " + file + " is not a folder",
            e.getMessage());
    }

    @Test
    void aStoreSqliteCanOnlyReadIsRefusedAtOpen() throws Exception {
        // Root ignores permission bits, so this test makes SQLite itself treat the file as read-only: a file format
        // write version above 2 (header byte 18) means "read-only" to SQLite, whoever runs it. Before, it opened
        // and an ASYNC engine acknowledged work the store could never keep.
        Path db = dir.resolve("ro.db");
        try (SqliteStore store = SqliteStore.at(db).open()) {
            store.recover();
            store.append(submitted(1, 0));
        }
        byte[] bytes = Files.readAllBytes(db);
        bytes[18] = 3;
        Files.write(db, bytes);
        StoreException e = assertThrows(StoreException.class, () -> SqliteStore.at(db).open().close());
        assertTrue(e.getMessage().startsWith("cannot open " + db + " as a job store: the file is not writable"),
            e.getMessage());
    }

    @Test
    void aReadOnlyFileOrFolderIsRefusedAtOpen() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root writes read-only files and folders");
        Path db = dir.resolve("perm.db");
        try (SqliteStore store = SqliteStore.at(db).open()) {
            store.recover();
        }
        Set<PosixFilePermission> readOnly = PosixFilePermissions.fromString("r--r--r--");
        Set<PosixFilePermission> readOnlyFolder = PosixFilePermissions.fromString("r-xr-xr-x");
        Set<PosixFilePermission> folderBefore = Files.getPosixFilePermissions(dir);
        Set<PosixFilePermission> fileBefore = Files.getPosixFilePermissions(db);
        try {
            Files.setPosixFilePermissions(db, readOnly);
            StoreException e = assertThrows(StoreException.class, () -> SqliteStore.at(db).open().close());
            assertTrue(e.getMessage().startsWith("cannot open " + db + " as a job store: the file is not writable"),
                e.getMessage());
            Files.setPosixFilePermissions(db, fileBefore);
            Files.setPosixFilePermissions(dir, readOnlyFolder); // the lock file is there; -wal and -shm cannot be
            e = assertThrows(StoreException.class, () -> SqliteStore.at(db).open().close());
            assertTrue(e.getMessage().startsWith("cannot open " + db + " as a job store: its folder " + dir
                + " is not writable"), e.getMessage());
            Path fresh = dir.resolve("new.db");
            e = assertThrows(StoreException.class, () -> SqliteStore.at(fresh).open().close());
            assertTrue(e.getMessage().startsWith("cannot open " + fresh + " as a job store: permission denied"),
                e.getMessage());
            Files.setPosixFilePermissions(dir, folderBefore);
            Path wal = dir.resolve("perm.db-wal"); // left read-only by a read-only open, say
            if (!Files.exists(wal)) {
                Files.createFile(wal);
            }
            Files.setPosixFilePermissions(wal, readOnly);
            e = assertThrows(StoreException.class, () -> SqliteStore.at(db).open().close());
            assertTrue(e.getMessage().matches("cannot open \\Q" + db + "\\E as a job store: its (write-ahead log|WAL "
                + "index) \\Q" + db + "\\E-(wal|shm) is not writable .*"), e.getMessage()); // or the -shm left read-only
        } finally {
            Files.setPosixFilePermissions(dir, folderBefore);
            Files.setPosixFilePermissions(db, fileBefore);
        }
    }

    @Test
    void storeIsInWalMode() throws Exception {
        Path db = dir.resolve("wal.db");
        try (SqliteStore store = SqliteStore.at(db).open()) {
            store.recover();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            assertEquals("wal", Schema.queryString(c, "PRAGMA journal_mode"));
        }
    }
}
