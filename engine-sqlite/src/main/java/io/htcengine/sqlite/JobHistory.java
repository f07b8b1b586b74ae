package io.htcengine.sqlite;

import java.sql.Connection;
import java.util.function.LongSupplier;

/** Job history on a store: filtered listings, one job's details and attempts, metric samples, retention. */
public final class JobHistory {
    private final Connection db;
    private final SqliteStore store;
    private final LongSupplier wallClockMs;

    JobHistory(Connection db, SqliteStore store, LongSupplier wallClockMs) {
        this.db = db;
        this.store = store;
        this.wallClockMs = wallClockMs;
    }
}
