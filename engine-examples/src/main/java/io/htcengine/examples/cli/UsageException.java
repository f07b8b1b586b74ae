package io.htcengine.examples.cli;

/** A bad command line: the message says what was wrong and what is allowed. The launcher exits with code 2. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
