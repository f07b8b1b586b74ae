package io.htcengine.examples.replay;

import java.io.IOException;

/**
 * An SWF trace that cannot be read as one: a job line without 18 fields, a field that is not a number, or a file that
 * starts as gzip but is not valid gzip. The message starts with the file, and the line when it is one line's fault.
 */
public final class SwfFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    SwfFormatException(String message) {
        super(message);
    }

    SwfFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
