package io.htcengine.sqlite;

import io.htcengine.api.TaskState;
import io.htcengine.spi.Journal;
import io.htcengine.spi.JournalRecord;
import io.htcengine.spi.Recovery;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's {@link Journal} on SQLite: one database file in WAL mode, written by one writer thread in batches,
 * each batch one transaction (group commit). Open it, hand it to the engine, close it after the engine:
 * <pre>{@code
 * try (SqliteStore store = SqliteStore.at(Path.of("jobs.db")).open();
 *      Engine engine = Engine.builder().persistence(Persistence.to(store).handler("price", pricer)).build()) {
 *     engine.durable().submit(DurableTask.of("price", input).build());
 * }
 * }</pre>
 *
 * <p>Opening checks the file before writing anything: a missing or empty file becomes a new store; a file that is
 * not SQLite, an SQLite database of another application, a store of another schema version, or a damaged one
 * ({@code PRAGMA quick_check}) is refused with a {@link StoreException} and left as it was; so is a file SQLite can
 * only read (the file, its folder, or its {@code -wal}/{@code -shm} files not writable: opening writes in a
 * transaction it rolls back, so this is found before an engine accepts work the store could not keep). One process at a time
 * owns a store (a lock on {@code <file>.lock}); a second opener waits up to the busy timeout, then is refused.
 *
 * <p>Threading: every method from any thread. {@link #history()} reads through its own connection, beside the
 * writer (WAL lets readers and the writer run together).
 */
public final class SqliteStore implements Journal {
    /** How SQLite syncs commits to disk. */
    public enum Sync {
        /** fsync at every commit: a committed batch survives a power loss. The default. */
        FULL,
        /** fsync only at WAL checkpoints: a committed batch survives a process crash, not a power loss. */
        NORMAL
    }

    private final Path path;
    private final Connection writeDb;
    private final Connection readDb;
    private final JournalWriter writer;
    private final Thread writerThread;
    private final FileChannel lockChannel;
    private final FileLock fileLock;
    private final JobHistory history;
    private boolean recovered;
    private volatile boolean closed;

    private SqliteStore(Builder b) {
        this.path = b.path.toAbsolutePath();
        Path folder = path.getParent();
        if (!java.nio.file.Files.isDirectory(folder)) {
            throw new StoreException("cannot open " + path + " as a job store: " + (java.nio.file.Files.exists(folder)
                ? folder + " is not a folder" : "the folder " + folder + " does not exist"));
        }
        Schema.checkHeader(path);
        long busyMs = b.busyTimeout.toMillis();
        FileChannel channel = null;
        FileLock lock = null;
        Connection w = null;
        Connection r = null;
        try {
            channel = FileChannel.open(Path.of(path + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = acquire(channel, busyMs);
            w = DriverManager.getConnection("jdbc:sqlite:" + path);
            try (Statement s = w.createStatement()) {
                s.execute("PRAGMA busy_timeout = " + busyMs);
            }
            Schema.createOrCheck(w, path);
            if (b.verifyOnOpen) {
                Schema.checkIntact(w, path);
            }
            probeWrite(w);
            try (Statement s = w.createStatement()) {
                try (ResultSet mode = s.executeQuery("PRAGMA journal_mode = WAL")) {
                    String m = mode.next() ? mode.getString(1) : "";
                    if (!"wal".equalsIgnoreCase(m)) {
                        throw new StoreException("cannot put " + path + " in WAL mode (SQLite answered '" + m + "')");
                    }
                }
                s.execute("PRAGMA synchronous = " + b.sync.name());
                // A job's row is written at submission and again when it runs, often far apart: keep the b-tree
                // pages in memory (64 MB of cache) rather than re-reading them, and checkpoint the WAL every ~40 MB
                // rather than every 4 MB (each checkpoint syncs the database file).
                s.execute("PRAGMA cache_size = -65536");
                s.execute("PRAGMA wal_autocheckpoint = 10000");
                s.execute("PRAGMA foreign_keys = OFF");
            }
            r = DriverManager.getConnection("jdbc:sqlite:" + path);
            try (Statement s = r.createStatement()) {
                s.execute("PRAGMA busy_timeout = " + busyMs);
            }
            this.writer = new JournalWriter(w, path.toString(), b.queueCapacity, b.maxCommitDelay.toNanos());
        } catch (SQLException e) {
            closeQuietly(r, w, lock, channel);
            throw new StoreException(openFailure(e), e);
        } catch (java.nio.file.AccessDeniedException e) {
            closeQuietly(r, w, lock, channel);
            throw new StoreException("cannot open " + path + " as a job store: permission denied opening its lock "
                + "file " + path + ".lock for writing (check the permissions of that file and of its folder, or "
                + "choose another path)", e);
        } catch (IOException e) {
            closeQuietly(r, w, lock, channel);
            throw new StoreException("cannot lock " + path + ".lock: " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(r, w, lock, channel);
            throw e;
        }
        this.writeDb = w;
        this.readDb = r;
        this.lockChannel = channel;
        this.fileLock = lock;
        this.history = new JobHistory(readDb, this, b.wallClockMs);
        this.writerThread = new Thread(writer, "htc-store-writer");
        writerThread.setDaemon(true);
        writerThread.start();
    }

    /**
     * SQLite opens a file it cannot write read-only, without a word, and in WAL mode even takes the write lock; only
     * the first commit fails — in ASYNC mode after the engine acknowledged work the store cannot keep. So opening
     * writes the schema version (unchanged) in a transaction it rolls back: nothing reaches the file, and a file
     * SQLite cannot write is refused here.
     */
    private static void probeWrite(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                s.execute("PRAGMA user_version = " + Schema.VERSION);
            } catch (SQLException e) {
                try {
                    s.execute("ROLLBACK");
                } catch (SQLException ignored) {
                    // the connection is closed next; the write's failure says what went wrong
                }
                throw e;
            }
            s.execute("ROLLBACK");
        }
    }

    private String openFailure(SQLException e) {
        String msg = String.valueOf(e.getMessage());
        String notWritable = notWritable(msg);
        if (notWritable != null) {
            return notWritable;
        }
        if (msg.contains("SQLITE_NOTADB") || msg.contains("not a database")) {
            return "refusing to open " + path + ": SQLite says it is not a database (" + msg + "); it was left "
                + "untouched — move it away or choose another path";
        }
        if (msg.contains("SQLITE_CORRUPT") || msg.contains("malformed")) {
            return "refusing to open " + path + ": SQLite reports it damaged (" + msg + "); it was left untouched "
                + "— restore it from a backup or move it away";
        }
        if (msg.contains("SQLITE_BUSY") || msg.contains("locked")) {
            return "the database " + path + " stayed busy (locked by another connection) past the busy timeout: "
                + msg;
        }
        return "cannot open " + path + ": " + msg;
    }

    /** @return why SQLite cannot write the store, if that is what {@code msg} says, else null */
    private String notWritable(String msg) {
        boolean readOnly = msg.contains("SQLITE_READONLY") || msg.contains("readonly");
        boolean cantOpen = msg.contains("SQLITE_CANTOPEN") || msg.contains("unable to open");
        if (!readOnly && !cantOpen) {
            return null;
        }
        String start = "cannot open " + path + " as a job store: ";
        if (java.nio.file.Files.exists(path) && !java.nio.file.Files.isWritable(path)) {
            return start + "the file is not writable (check its permissions, or choose another path)";
        }
        Path folder = path.getParent();
        if (!java.nio.file.Files.isWritable(folder)) {
            return start + "its folder " + folder + " is not writable, and SQLite in WAL mode writes " + path
                + "-wal and " + path + "-shm beside the file (check the folder's permissions, or choose another path)";
        }
        String[][] walFiles = {{"-wal", "write-ahead log"}, {"-shm", "WAL index"}};
        for (String[] wal : walFiles) {
            Path f = Path.of(path + wal[0]);
            if (java.nio.file.Files.exists(f) && !java.nio.file.Files.isWritable(f)) {
                return start + "its " + wal[1] + " " + f + " is not writable (SQLite creates it with the "
                    + "permissions the database file had; check its permissions, or choose another path)";
            }
        }
        if (readOnly) {
            return start + "the file is not writable (SQLite opens it read-only: " + msg + "); check the "
                + "permissions of the file and of its folder " + folder + " (SQLite in WAL mode writes -wal and -shm "
                + "files beside it), or choose another path";
        }
        return null;
    }

    private FileLock acquire(FileChannel channel, long busyMs) throws IOException {
        long deadline = System.nanoTime() + busyMs * 1_000_000L;
        while (true) {
            try {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return lock;
                }
            } catch (OverlappingFileLockException e) {
                // held by this JVM: another SqliteStore on the same file
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new StoreException("the store " + path + " is in use by another engine (its lock file "
                    + path + ".lock is held) and was not released within the busy timeout of " + busyMs + " ms");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("interrupted while waiting for the lock on " + path);
            }
        }
    }

    private static void closeQuietly(Connection r, Connection w, FileLock lock, FileChannel channel) {
        for (AutoCloseable c : new AutoCloseable[] {r, w, lock, channel}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // already failing: the caller reports the first error
                }
            }
        }
    }

    /**
     * Tells, without opening or changing it, whether a file could be a store as far as its first bytes go: it is
     * missing, empty, or an SQLite database. {@link Builder#open()} refuses any other file (and checks the rest).
     *
     * @throws IOException if the file cannot be read
     */
    public static boolean couldBeStore(Path file) throws IOException {
        return Schema.couldBeStore(file);
    }

    /**
     * @param file the store's database file (created if missing), in an existing folder; its name must not be blank
     *             nor begin or end with whitespace (SQLite would trim it and open another file than the one locked)
     * @return a builder for the store in {@code file}
     * @throws IllegalArgumentException if {@code file} is null or its name is refused (the message names it)
     */
    public static Builder at(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        Path name = file.getFileName();
        String n = name == null ? "" : name.toString();
        if (n.isBlank() || !n.strip().equals(n)) {
            // sqlite-jdbc trims the file name: "jobs.db " would open jobs.db under another lock file (two owners)
            throw new IllegalArgumentException("file must be named by a non-blank name without leading or trailing "
                + "whitespace, was '" + file + "' (SQLite trims the name, so it would open another file than the "
                + "store locks)");
        }
        return new Builder(file);
    }

    /** @return the store's database file. */
    public Path path() {
        return path;
    }

    /** @return job history queries, metric samples and retention on this store. */
    public JobHistory history() {
        return history;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if a field of the record is out of range — a negative or non-finite usage, a
     *                                  non-positive id, a null or blank name, a priority outside 1-10, a transition
     *                                  that is no edge of {@code TaskState} (the message names the record type, the
     *                                  field and what is allowed); the record is not queued, and nothing queued
     *                                  before it is affected
     */
    @Override
    public long append(JournalRecord record) {
        return writer.append(record);
    }

    /**
     * {@inheritDoc} Returns at once for a committed record, also after {@link #close()} (which commits what is
     * queued).
     *
     * @throws IllegalArgumentException if {@code sequence} is negative or above the last one {@link #append} returned
     * @throws StoreException           at once if the writer failed before committing it, or the store is closed
     *                                  and the record was never appended
     */
    @Override
    public void awaitCommitted(long sequence) throws InterruptedException {
        writer.awaitCommitted(sequence);
    }

    /** Waits until everything appended so far is committed. */
    public void flush() throws InterruptedException {
        writer.awaitCommitted(writer.lastAppended());
    }

    /** @return transactions committed by the writer so far (group commits). */
    public long transactions() {
        return writer.transactions();
    }

    /** @return records written so far. */
    public long recordsWritten() {
        return writer.recordsWritten();
    }

    @Override
    public synchronized Recovery recover() {
        checkOpen();
        if (recovered) {
            throw new IllegalStateException("recover() was already called on " + path + ": one engine per store");
        }
        recovered = true;
        synchronized (readDb) {
            return readRecovery();
        }
    }

    /** @return whether an engine took this store over ({@link #recover()} was called). */
    synchronized boolean isRecovered() {
        return recovered;
    }

    <T> T maintain(JournalWriter.Work<T> work) throws InterruptedException {
        return writer.maintain(work);
    }

    private Recovery readRecovery() {
        try {
            long maxJob = queryLong("SELECT coalesce(max(id), 0) FROM jobs");
            long maxSession = queryLong("SELECT coalesce(max(id), 0) FROM sessions");
            List<Recovery.Job> jobs = new ArrayList<>();
            Map<Long, String> parentStates = new HashMap<>();
            try (PreparedStatement p = readDb.prepareStatement("SELECT id, session_id, handler, coalesce(name, handler), tenant, "
                + "priority, input, state, attempts, checkpoint, parents FROM jobs "
                + "WHERE state NOT IN ('COMPLETED', 'FAILED', 'CANCELLED') ORDER BY id");
                 PreparedStatement parentState = readDb.prepareStatement("SELECT state FROM jobs WHERE id = ?");
                 ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    long[] parents = JournalWriter.parseParents(r.getString(11));
                    long[] unmet = new long[parents.length];
                    int n = 0;
                    for (long parent : parents) {
                        String state = parentStates.computeIfAbsent(parent, id -> stateOf(parentState, id));
                        if (!"COMPLETED".equals(state)) {
                            unmet[n++] = parent;
                        }
                    }
                    jobs.add(new Recovery.Job(r.getLong(1), r.getLong(2), r.getString(3), r.getString(4),
                        r.getInt(6), r.getString(5), r.getBytes(7), TaskState.valueOf(r.getString(8)), r.getInt(9),
                        r.getBytes(10), java.util.Arrays.copyOf(unmet, n)));
                }
            }
            List<Recovery.Session> sessions = new ArrayList<>();
            try (Statement s = readDb.createStatement();
                 ResultSet r = s.executeQuery("SELECT id, name, tenant, sealed FROM sessions WHERE state = 'OPEN' "
                     + "ORDER BY id")) {
                while (r.next()) {
                    sessions.add(new Recovery.Session(r.getLong(1), r.getString(2), r.getString(3), r.getInt(4) != 0));
                }
            }
            return new Recovery(jobs, sessions, maxJob, maxSession);
        } catch (SQLException e) {
            throw readFailed("reading " + path + " for recovery", e);
        }
    }

    private static String stateOf(PreparedStatement p, long id) {
        try {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getString(1) : "MISSING";
            }
        } catch (SQLException e) {
            throw new StoreException("reading the state of job " + id + " failed: " + e.getMessage(), e);
        }
    }

    /** @throws StoreException "the store ... is closed" after {@link #close()}, as appends say it */
    void checkOpen() {
        if (closed) {
            throw new StoreException("the store " + path + " is closed");
        }
    }

    /** @return the error for a failed read: "the store ... is closed" if it was closed meanwhile, else what failed */
    StoreException readFailed(String what, SQLException e) {
        return new StoreException(closed ? "the store " + path + " is closed" : what + " failed: " + e.getMessage(), e);
    }

    long queryLong(String sql) throws SQLException {
        synchronized (readDb) {
            try (Statement s = readDb.createStatement(); ResultSet r = s.executeQuery(sql)) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
    }

    /** For tests and tools: the first column of every row of a query, as longs. */
    java.util.Set<Long> queryIds(String sql) throws SQLException {
        synchronized (readDb) {
            java.util.Set<Long> out = new java.util.HashSet<>();
            try (Statement s = readDb.createStatement(); ResultSet r = s.executeQuery(sql)) {
                while (r.next()) {
                    out.add(r.getLong(1));
                }
            }
            return out;
        }
    }

    /**
     * @return SQLite's {@code PRAGMA integrity_check} answer: "ok" for an intact file
     * @throws StoreException if the store is closed
     */
    public String integrityCheck() {
        checkOpen();
        synchronized (readDb) {
            try (Statement s = readDb.createStatement(); ResultSet r = s.executeQuery("PRAGMA integrity_check")) {
                StringBuilder out = new StringBuilder();
                while (r.next()) {
                    out.append(out.length() == 0 ? "" : "; ").append(r.getString(1));
                }
                return out.toString();
            } catch (SQLException e) {
                if (closed) {
                    throw readFailed("integrity_check", e);
                }
                return "integrity_check failed: " + e.getMessage();
            }
        }
    }

    /**
     * Commits what is queued, stops the writer and releases the file. Close the engine first: records appended after
     * this are refused.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        writer.close();
        try {
            writerThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (readDb) { // not in the middle of a read
            closeQuietly(readDb, writeDb, fileLock, lockChannel);
        }
        StoreException f = writer.failure();
        if (f != null) {
            throw new StoreException("the store " + path + " closed after a write failure: " + f.getMessage(), f);
        }
    }

    /** Configures a store; {@link #open()} validates every value and opens the file. */
    public static final class Builder {
        private final Path path;
        private Duration busyTimeout = Duration.ofSeconds(5);
        private Sync sync = Sync.FULL;
        private int queueCapacity = 1 << 16;
        private Duration maxCommitDelay = Duration.ofMillis(10);
        private boolean verifyOnOpen = true;
        private java.util.function.LongSupplier wallClockMs = System::currentTimeMillis;

        private Builder(Path path) {
            this.path = path;
        }

        /**
         * @param timeout how long SQLite retries a database locked by another connection, and how long opening
         *                waits for another engine to release the store: 0 to 10 minutes; default 5 s
         */
        public Builder busyTimeout(Duration timeout) {
            this.busyTimeout = timeout;
            return this;
        }

        /** @param sync how commits reach the disk; {@link Sync#FULL} by default. */
        public Builder sync(Sync sync) {
            this.sync = sync;
            return this;
        }

        /**
         * @param capacity records queued for the writer before {@code append} of a submission waits (transitions wait
         *                 at four times this), 1 to 16,777,216; default 65,536. It bounds what an ASYNC engine can
         *                 lose in a crash: at most twice this many submissions (see docs/persistence.md).
         */
        public Builder queueCapacity(int capacity) {
            this.queueCapacity = capacity;
            return this;
        }

        /**
         * @param delay the longest an idle writer sleeps before looking for records again (appends wake it at once),
         *              1 ms to 1 s; default 10 ms
         */
        public Builder maxCommitDelay(Duration delay) {
            this.maxCommitDelay = delay;
            return this;
        }

        /** @param verify whether opening runs SQLite's quick_check on the file (default true). */
        public Builder verifyOnOpen(boolean verify) {
            this.verifyOnOpen = verify;
            return this;
        }

        /** @param clock the wall clock in epoch milliseconds for retention and seeding; the system's by default. */
        public Builder wallClockMs(java.util.function.LongSupplier clock) {
            this.wallClockMs = clock;
            return this;
        }

        /**
         * Opens the store.
         *
         * @throws IllegalArgumentException on a bad setting (the message names it and the allowed values)
         * @throws StoreException           if the file is refused, in use, or cannot be opened
         */
        public SqliteStore open() {
            if (busyTimeout == null || busyTimeout.isNegative() || busyTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("busyTimeout must be from 0 to 10 minutes, was " + busyTimeout);
            }
            if (sync == null) {
                throw new IllegalArgumentException("sync must be one of FULL, NORMAL, was null");
            }
            if (queueCapacity < 1 || queueCapacity > 1 << 24) {
                throw new IllegalArgumentException("queueCapacity must be between 1 and 16777216, was " + queueCapacity);
            }
            if (maxCommitDelay == null || maxCommitDelay.compareTo(Duration.ofMillis(1)) < 0
                || maxCommitDelay.compareTo(Duration.ofSeconds(1)) > 0) {
                throw new IllegalArgumentException("maxCommitDelay must be from 1 ms to 1 s, was " + maxCommitDelay);
            }
            if (wallClockMs == null) {
                throw new IllegalArgumentException("wallClockMs must not be null");
            }
            return new SqliteStore(this);
        }
    }
}
