package io.htcengine.sqlite;

/**
 * The store could not do what was asked: the file is not an HTC store (corrupt, foreign, or of another schema
 * version), it is in use by another engine, the database stayed busy past the busy timeout, or a write failed.
 * The message names the file and what to do. A store never resets a file it refuses.
 */
public final class StoreException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
