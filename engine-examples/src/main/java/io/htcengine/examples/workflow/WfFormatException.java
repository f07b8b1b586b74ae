package io.htcengine.examples.workflow;

import java.io.IOException;

/**
 * A WfFormat file that cannot be used: not JSON, not WfFormat 1.5, or a task with a missing or bad field, an
 * unknown parent or child, or a dependency cycle. The message starts with the file and names the task.
 */
public final class WfFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String taskId;

    WfFormatException(String source, String taskId, String message, Throwable cause) {
        super(source + ": " + message, cause);
        this.source = source;
        this.taskId = taskId;
    }

    /** @return the file (or resource) that was read. */
    public String source() {
        return source;
    }

    /** @return the id of the offending task, or null when the problem is not one task's (e.g. invalid JSON). */
    public String taskId() {
        return taskId;
    }
}
