package io.htcengine.api;

import java.time.Duration;

/** How a session is opened: its name and an optional timeout. Immutable. */
public final class SessionOptions {
    private static final SessionOptions DEFAULTS = new SessionOptions("session", null);

    private final String name;
    private final Duration timeout;

    private SessionOptions(String name, Duration timeout) {
        this.name = name;
        this.timeout = timeout;
    }

    public static SessionOptions defaults() {
        return DEFAULTS;
    }

    /** @param name a label for logs and listeners; non-blank. */
    public static SessionOptions named(String name) {
        return new SessionOptions(Validate.notBlank("name", name), null);
    }

    /**
     * @param timeout positive; when it passes before the session is done, its unfinished tasks are
     *                cancelled and the session ends FAILED with a reason saying so.
     */
    public SessionOptions withTimeout(Duration timeout) {
        Validate.notNull("timeout", timeout);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        return new SessionOptions(name, timeout);
    }

    public String name() {
        return name;
    }

    /** @return the timeout, or null for none. */
    public Duration timeout() {
        return timeout;
    }
}
