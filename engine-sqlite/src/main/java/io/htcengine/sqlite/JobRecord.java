package io.htcengine.sqlite;

import io.htcengine.api.TaskState;

/**
 * One job as the history lists it.
 *
 * @param jobId       its id in the store
 * @param sessionId   its durable session, or 0
 * @param handler     the handler it names
 * @param name        its label
 * @param tenant      who it ran for, or null
 * @param priority    1 to 10
 * @param state       its state as last committed
 * @param attempts    attempts started, across restarts
 * @param submittedMs when it was submitted, epoch milliseconds
 * @param updatedMs   when its row last changed
 * @param finishedMs  when it reached a terminal state, or 0 while it has not
 * @param error       the last failed attempt's error, or why it was cancelled, or null
 */
public record JobRecord(long jobId, long sessionId, String handler, String name, String tenant, int priority,
                        TaskState state, int attempts, long submittedMs, long updatedMs, long finishedMs,
                        String error) {
}
