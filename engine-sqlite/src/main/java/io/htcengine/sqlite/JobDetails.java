package io.htcengine.sqlite;

import java.util.List;

/**
 * One job in full: its row, input, output, last checkpoint, parents and attempts.
 *
 * @param job        the row
 * @param input      its input bytes
 * @param output     what its handler returned, once COMPLETED (null before, or if it returned null)
 * @param checkpoint its last checkpoint, or null
 * @param parents    job ids it waited for
 * @param attempts   its attempts, oldest first
 */
public record JobDetails(JobRecord job, byte[] input, byte[] output, byte[] checkpoint, long[] parents, List<Attempt> attempts) {

    /**
     * One attempt.
     *
     * @param attempt   its number, from 1, across restarts
     * @param startedMs when it was dispatched
     * @param endedMs   when it ended, or 0 while running
     * @param outcome   RUNNING, or the state it led to: COMPLETED, FAILED, RETRY (also: cut short by a restart),
     *                  CANCELLED
     * @param error     why it failed, or null
     */
    public record Attempt(int attempt, long startedMs, long endedMs, String outcome, String error) {
    }
}
