package io.htcengine.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

/**
 * The store's tables, and the checks that a file is one of ours before anything is written to it.
 *
 * <p>A store is marked by SQLite's {@code application_id} header field ({@value #APPLICATION_ID}, "HTCE") and its
 * schema version by {@code user_version}. An empty or missing file becomes a new store; any other file must carry
 * both marks, or it is refused — never reset.
 */
final class Schema {
    /** "HTCE" in ASCII, big-endian: SQLite's application_id of an HTC Engine store. */
    static final int APPLICATION_ID = 0x48544345;
    static final int VERSION = 1;
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private static final String[] TABLES = {
        "CREATE TABLE jobs ("
            + " id INTEGER PRIMARY KEY,"
            + " session_id INTEGER NOT NULL,"      // 0: submitted alone
            + " handler TEXT NOT NULL,"
            + " name TEXT,"                       // null when it is the handler's name
            + " tenant TEXT,"
            + " priority INTEGER NOT NULL,"
            + " state TEXT NOT NULL,"             // a TaskState name
            + " attempts INTEGER NOT NULL DEFAULT 0,"
            + " input BLOB,"
            + " checkpoint BLOB,"
            + " output BLOB,"                     // what the handler returned, once COMPLETED
            + " parents TEXT,"                    // job ids, comma-separated, or null
            + " submitted_ms INTEGER NOT NULL,"
            + " started_ms INTEGER,"              // when its latest attempt started
            + " updated_ms INTEGER NOT NULL,"
            + " finished_ms INTEGER,"             // set when it reaches a terminal state
            + " error TEXT)",
        "CREATE INDEX jobs_by_session ON jobs(session_id, id)",
        "CREATE TABLE attempts ("
            + " job_id INTEGER NOT NULL,"
            + " attempt INTEGER NOT NULL,"
            + " started_ms INTEGER NOT NULL,"
            + " ended_ms INTEGER,"
            + " outcome TEXT NOT NULL,"           // RUNNING while it runs, then the state it led to
            // An attempt that started and ended the job within one batch has no row: the job's row holds it
            // (started_ms, finished_ms, state, error). That is the common case, and it halves the rows written.
            + " error TEXT,"
            + " PRIMARY KEY (job_id, attempt)) WITHOUT ROWID",
        "CREATE TABLE sessions ("
            + " id INTEGER PRIMARY KEY,"
            + " name TEXT NOT NULL,"
            + " tenant TEXT,"
            + " state TEXT NOT NULL,"             // a SessionState name
            + " sealed INTEGER NOT NULL DEFAULT 0,"
            + " opened_ms INTEGER NOT NULL,"
            + " finished_ms INTEGER)",
        "CREATE TABLE samples ("
            + " job_id INTEGER NOT NULL,"
            + " time_ms INTEGER NOT NULL,"
            + " cpu_percent REAL NOT NULL,"
            + " memory_bytes INTEGER NOT NULL,"
            + " gpu_percent REAL NOT NULL)",
        "CREATE INDEX samples_by_job ON samples(job_id, time_ms)",
        "CREATE INDEX samples_by_time ON samples(time_ms)",
    };

    private Schema() {
    }

    /** Refuses a non-empty file that is not an SQLite database, before SQLite touches it. */
    /**
     * @return whether {@code path} could be opened as a store, as far as its first bytes tell: it is missing, empty, or
     *         starts with the SQLite header (whether it is an HTC store of this version needs it open)
     */
    static boolean couldBeStore(Path path) throws IOException {
        if (!Files.exists(path) || Files.size(path) == 0) {
            return true;
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(SQLITE_HEADER.length);
        }
        return Arrays.equals(head, SQLITE_HEADER);
    }

    static void checkHeader(Path path) {
        try {
            if (!couldBeStore(path)) {
                throw new StoreException("refusing to open " + path + ": it is not an SQLite database (its first "
                    + "bytes are not the SQLite header), so it is no HTC store; it was left untouched — move it away "
                    + "or choose another path");
            }
        } catch (IOException e) {
            throw new StoreException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** Creates the tables in a new store, or checks an existing one is an HTC store of this version. */
    static void createOrCheck(Connection c, Path path) throws SQLException {
        int appId = pragmaInt(c, "application_id");
        int tables = queryInt(c, "SELECT count(*) FROM sqlite_master");
        if (appId == 0 && tables == 0) {
            try (Statement s = c.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
                for (String ddl : TABLES) {
                    s.execute(ddl);
                }
                s.execute("PRAGMA application_id = " + APPLICATION_ID);
                s.execute("PRAGMA user_version = " + VERSION);
                s.execute("COMMIT");
            }
            return;
        }
        if (appId != APPLICATION_ID) {
            throw new StoreException("refusing to open " + path + ": it is an SQLite database of another application "
                + "(application_id " + appId + ", an HTC store has " + APPLICATION_ID + "); it was left untouched — "
                + "choose another path");
        }
        int version = pragmaInt(c, "user_version");
        if (version != VERSION) {
            throw new StoreException("refusing to open " + path + ": its schema version is " + version
                + ", this build reads version " + VERSION);
        }
    }

    /** Runs SQLite's quick_check; refuses the file unless it answers ok. */
    static void checkIntact(Connection c, Path path) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA quick_check")) {
            String first = r.next() ? r.getString(1) : "no answer";
            if (!"ok".equals(first)) {
                throw new StoreException("refusing to open " + path + ": SQLite's integrity check reports it "
                    + "damaged (" + first + "); it was left untouched — restore it from a backup or move it away");
            }
        }
    }

    static int pragmaInt(Connection c, String pragma) throws SQLException {
        return queryInt(c, "PRAGMA " + pragma);
    }

    static String queryString(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getString(1) : null;
        }
    }

    static int queryInt(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getInt(1) : 0;
        }
    }
}
