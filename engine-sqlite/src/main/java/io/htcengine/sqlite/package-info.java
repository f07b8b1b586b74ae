/**
 * Persistence on SQLite (one file, WAL mode): the engine-core journal SPI, crash recovery, job history and
 * retention. The module builds empty until the persistence issue lands; see docs/architecture.md.
 */
package io.htcengine.sqlite;
