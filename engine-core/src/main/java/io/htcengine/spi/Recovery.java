package io.htcengine.spi;

import io.htcengine.api.TaskState;

import java.util.List;

/**
 * What a {@link Journal} hands an engine that opens an existing store: its unfinished work.
 *
 * @param jobs         every task not in a terminal state, in job id order
 * @param sessions     every session not finished
 * @param maxJobId     the highest job id in the store (0 when empty): new jobs are numbered above it
 * @param maxSessionId the highest session id in the store (0 when empty)
 */
public record Recovery(List<Job> jobs, List<Session> sessions, long maxJobId, long maxSessionId) {

    /** @return a recovery from an empty store. */
    public static Recovery empty() {
        return new Recovery(List.of(), List.of(), 0, 0);
    }

    /**
     * An unfinished task as it was last committed.
     *
     * @param state      SUBMITTED, QUEUED, RUNNING or RETRY
     * @param attempts   attempts started so far
     * @param checkpoint the last checkpoint saved, or null
     * @param parents    job ids of its parents that had not COMPLETED (each is in {@link #jobs()}, or ended
     *                   FAILED or CANCELLED)
     */
    public record Job(long jobId, long sessionId, String handler, String name, int priority, String tenant,
                      byte[] input, TaskState state, int attempts, byte[] checkpoint, long[] parents) {
    }

    /**
     * An unfinished session.
     *
     * @param sealed whether it had been sealed (no more tasks will be submitted into it)
     */
    public record Session(long sessionId, String name, String tenant, boolean sealed) {
    }
}
