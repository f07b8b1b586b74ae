package io.htcengine.spi;

/**
 * Where an engine persists its durable tasks: every submission, state transition, checkpoint and session change,
 * in the order they happened. engine-sqlite implements it ({@code io.htcengine.sqlite.SqliteStore}); engine-core
 * only calls it.
 *
 * <p>Threading: {@link #append} from any thread (the submitting threads, worker threads saving checkpoints, and the
 * engine's listener thread, which feeds transitions from the event ring — never the scheduler thread). An
 * implementation writes records in batches off the calling thread, in append order, and commits each batch as one
 * transaction (group commit). {@link #append} may block while the implementation's queue is full: that is the
 * journal's backpressure. An implementation should hold submitters back first ({@link JournalRecord.Submitted}
 * appends) and transitions only much later: transitions come from the engine's listener thread, and making it wait
 * fills the event ring, which stalls the scheduler loop (it waits for room) while the journal's writer needs the CPU.
 *
 * <p>Lifecycle: the engine calls {@link #recover()} once, before its first {@link #append}. The host owns the
 * journal: it closes it after the engine has terminated.
 */
public interface Journal extends AutoCloseable {
    /**
     * Queues one record for the next batch.
     *
     * @return the record's sequence number, increasing; pass it to {@link #awaitCommitted(long)}
     * @throws IllegalStateException if the journal is closed or its writer failed (the message says why)
     */
    long append(JournalRecord record);

    /**
     * Waits until the record with this sequence number (and every record before it) is committed.
     *
     * @throws IllegalStateException if the writer failed before committing it
     */
    void awaitCommitted(long sequence) throws InterruptedException;

    /**
     * Reads what an engine must take over from the store: the tasks and sessions that were not finished, and the
     * highest ids used, so new ids never collide with stored ones. Called once, before any {@link #append}.
     */
    Recovery recover();

    /** Commits what is queued and releases the store. Idempotent. */
    @Override
    void close();
}
