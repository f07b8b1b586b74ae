package io.htcengine.api;

import io.htcengine.internal.Validate;

import java.time.Duration;

/** How a session is opened: its name and an optional timeout. Immutable. */
public final class SessionOptions {
    private static final SessionOptions DEFAULTS =
        new SessionOptions("session", null, FailurePolicy.CANCEL_DESCENDANTS);

    private final String name;
    private final Duration timeout;
    private final FailurePolicy failurePolicy;

    private SessionOptions(String name, Duration timeout, FailurePolicy failurePolicy) {
        this.name = name;
        this.timeout = timeout;
        this.failurePolicy = failurePolicy;
    }

    public static SessionOptions defaults() {
        return DEFAULTS;
    }

    /** @param name a label for logs and listeners; non-blank. */
    public static SessionOptions named(String name) {
        return new SessionOptions(Validate.notBlank("name", name), null, FailurePolicy.CANCEL_DESCENDANTS);
    }

    /**
     * @param timeout positive; when it passes before the session is done, its unfinished tasks are
     *                cancelled and the session ends FAILED with a reason saying so.
     */
    public SessionOptions withTimeout(Duration timeout) {
        Validate.positive("timeout", timeout);
        return new SessionOptions(name, timeout, failurePolicy);
    }

    /**
     * @param policy what happens to a task of this session when one of its parents fails, unless its spec says
     *               otherwise; {@link FailurePolicy#CANCEL_DESCENDANTS} by default
     */
    public SessionOptions withFailurePolicy(FailurePolicy policy) {
        if (policy == null) {
            throw new IllegalArgumentException("failurePolicy must be one of CANCEL_DESCENDANTS, CONTINUE, was null");
        }
        return new SessionOptions(name, timeout, policy);
    }

    public FailurePolicy failurePolicy() {
        return failurePolicy;
    }

    public String name() {
        return name;
    }

    /** @return the timeout, or null for none. */
    public Duration timeout() {
        return timeout;
    }
}
