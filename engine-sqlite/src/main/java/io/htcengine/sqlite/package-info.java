/**
 * Persistence on SQLite (one file, WAL mode): {@link io.htcengine.sqlite.SqliteStore} implements engine-core's
 * {@link io.htcengine.spi.Journal} (durable tasks, group commit, crash recovery) and offers
 * {@link io.htcengine.sqlite.JobHistory} (job listings, attempts, metric samples, retention). See
 * docs/persistence.md for the durability guarantees.
 */
package io.htcengine.sqlite;
