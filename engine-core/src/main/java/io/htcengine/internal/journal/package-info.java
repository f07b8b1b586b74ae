/**
 * The engine side of persistence. A durable task is an ordinary task whose input is a {@link
 * io.htcengine.internal.journal.DurableInput} (job id, bytes, checkpoint, attempts before this process) and whose spec
 * runs a registered handler; {@link io.htcengine.internal.journal.DurableRuntime} journals submissions on the
 * submitting thread (waiting for the commit in SYNC mode), and {@code JournalFeed}, one more listener on the listener
 * thread, journals every transition it sees on the event ring. The scheduler loop knows nothing of any of it: it does
 * no I/O and publishes nothing it did not publish before. Recovery runs in {@code EngineBuilder.build()}: the
 * journal's unfinished tasks are submitted again as one graph per session, dependencies included.
 */
package io.htcengine.internal.journal;
