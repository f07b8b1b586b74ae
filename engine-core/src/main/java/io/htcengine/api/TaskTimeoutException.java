package io.htcengine.api;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** The failure of an attempt that ran longer than its task's timeout: it was asked to stop and interrupted. */
public final class TaskTimeoutException extends TimeoutException {
    private static final long serialVersionUID = 1L;

    public TaskTimeoutException(long taskId, int attempt, Duration timeout) {
        super("task " + taskId + " attempt " + attempt + " ran longer than its timeout of " + timeout);
    }
}
