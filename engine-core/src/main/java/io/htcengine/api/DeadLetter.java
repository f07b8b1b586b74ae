package io.htcengine.api;

import java.util.List;

/**
 * A task that failed for good — its attempts exhausted, or a failure its retry policy does not retry — kept
 * with the record of every failed attempt until the host resubmits or purges it.
 *
 * @param taskId    the failed task's id
 * @param name      its spec's name
 * @param sessionId its session, or 0
 * @param priority  its priority
 * @param input     the input it was submitted with (a resubmit reuses it)
 * @param failures  every failed attempt, oldest first
 * @param lastError the last attempt's exception
 */
public record DeadLetter(long taskId, String name, long sessionId, int priority, Object input,
                         List<AttemptFailure> failures, Throwable lastError) {
}
