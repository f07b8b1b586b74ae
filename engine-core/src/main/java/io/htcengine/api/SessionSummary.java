package io.htcengine.api;

/**
 * How a session ended.
 *
 * @param sessionId the session's id
 * @param state     COMPLETED, FAILED or CANCELLED
 * @param tasks     tasks submitted into it
 * @param completed tasks that COMPLETED
 * @param failed    tasks that FAILED
 * @param cancelled tasks that were CANCELLED
 * @param reason    why it did not complete (a timeout, a cancel), or null when it COMPLETED
 */
public record SessionSummary(long sessionId, SessionState state, long tasks, long completed, long failed,
                             long cancelled, String reason) {
}
