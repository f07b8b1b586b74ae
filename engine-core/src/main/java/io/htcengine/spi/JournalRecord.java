package io.htcengine.spi;

import io.htcengine.api.SessionState;
import io.htcengine.api.TaskState;

/**
 * One fact a {@link Journal} persists. Times are wall-clock milliseconds since the epoch; ids are the store's
 * (job and session ids survive restarts; an engine's own task ids do not). Byte arrays are handed over, not
 * copied: the caller does not change them afterwards.
 */
public sealed interface JournalRecord {

    /**
     * A durable task was accepted.
     *
     * @param jobId     its id in the store
     * @param sessionId its durable session, or 0 for a task submitted alone
     * @param handler   the name its handler was registered under
     * @param name      a label for history listings
     * @param priority  1 to 10
     * @param tenant    who it runs for, or null
     * @param input     its input, as given
     * @param parents   job ids it waits for (each must complete first), empty for none
     * @param timeMs    when it was accepted
     */
    record Submitted(long jobId, long sessionId, String handler, String name, int priority, String tenant,
                     byte[] input, long[] parents, long timeMs) implements JournalRecord {
    }

    /**
     * A durable task moved from one state to another ({@link TaskState#canTransitionTo}).
     *
     * @param attempt the attempt it belongs to, counted across restarts, from 1 (0 before the first dispatch)
     * @param error   the failed attempt's error for RUNNING → RETRY or FAILED, why for CANCELLED, else null
     * @param output  the handler's output for RUNNING → COMPLETED (null if it returned none), else null
     */
    record Transition(long jobId, TaskState from, TaskState to, int attempt, long timeMs, String error, byte[] output)
        implements JournalRecord {

        /** A transition without output. */
        public Transition(long jobId, TaskState from, TaskState to, int attempt, long timeMs, String error) {
            this(jobId, from, to, attempt, timeMs, error, null);
        }
    }

    /** A running attempt saved its progress; the next attempt (in this process or after a restart) gets it. */
    record Checkpoint(long jobId, int attempt, byte[] data, long timeMs) implements JournalRecord {
    }

    /** A durable session was opened. */
    record SessionOpened(long sessionId, String name, String tenant, long timeMs) implements JournalRecord {
    }

    /** A durable session accepts no more tasks. */
    record SessionSealed(long sessionId, long timeMs) implements JournalRecord {
    }

    /** A durable session finished: every task of it is terminal. */
    record SessionDone(long sessionId, SessionState state, long timeMs) implements JournalRecord {
    }

    /**
     * A task's resource usage at one moment.
     *
     * @param cpuPercent  percent of one core
     * @param memoryBytes bytes in use
     * @param gpuPercent  percent of one GPU
     */
    record Sample(long jobId, long timeMs, double cpuPercent, long memoryBytes, double gpuPercent)
        implements JournalRecord {
    }
}
