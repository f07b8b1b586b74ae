package io.htcengine.internal.event;

/** What an event slot carries. */
public enum EventKind {
    /** A task changed state. */
    TRANSITION,
    /** A session is done. */
    SESSION_DONE,
    /** The engine has terminated; the last event. */
    TERMINATED
}
