package io.htcengine.spi;

import io.htcengine.api.TaskState;
import io.htcengine.api.TaskType;

/**
 * One state transition, as a {@link TaskListener} sees it. The object is reused: read it during the
 * callback and copy what you keep.
 */
public interface TaskEvent {
    long taskId();

    /** @return the session id, or 0 for a task submitted alone. */
    long sessionId();

    String name();

    int priority();

    TaskType type();

    TaskState from();

    TaskState to();

    /** @return the attempt this transition belongs to, from 1 (0 before the first dispatch). */
    int attempt();

    /** @return when the transition happened, on the engine's clock. */
    long timeNs();

    /** @return when the task was submitted, on the engine's clock. */
    long submitNs();

    /** @return the attempt's exception for transitions to FAILED or RETRY, else null. */
    Throwable error();

    /** @return the tenant of the task's spec ({@link io.htcengine.api.TaskSpec#tenant()}). */
    default String tenant() {
        return io.htcengine.api.TaskSpec.DEFAULT_TENANT;
    }
}
