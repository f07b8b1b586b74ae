package io.htcengine.api;

import java.util.List;

/**
 * A task graph was rejected as a whole, before any of it was accepted: a duplicate key, an unknown dependency, a
 * self-dependency or a cycle. {@link #offendingKeys()} names the tasks; for a cycle, its members in order, each
 * depending on the next and the last on the first.
 */
public final class InvalidGraphException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> offendingKeys;

    public InvalidGraphException(String message, List<String> offendingKeys) {
        super(message);
        this.offendingKeys = List.copyOf(offendingKeys);
    }

    public List<String> offendingKeys() {
        return offendingKeys;
    }
}
