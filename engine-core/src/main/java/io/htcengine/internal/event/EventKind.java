package io.htcengine.internal.event;

/** What an event slot carries. */
public enum EventKind {
    /** A task changed state. */
    TRANSITION,
    /** A session is done. */
    SESSION_DONE,
    /** The loop's answer to a question from another thread, to hand over off the scheduler thread. */
    ANSWER,
    /** The engine has terminated; the last event. */
    TERMINATED
}
