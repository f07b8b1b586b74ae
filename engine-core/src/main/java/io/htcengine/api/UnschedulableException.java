package io.htcengine.api;

/**
 * A task or allocation asks for more than any node of any pool could ever hold (or more than its tenant's whole
 * quota). The message names the resource, the amount asked and the most any node has.
 */
public final class UnschedulableException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UnschedulableException(String message) {
        super(message);
    }
}
