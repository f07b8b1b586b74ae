package io.htcengine.api;

/**
 * Where the engine reads time, in nanoseconds from an arbitrary origin. The scheduler loop reads it once
 * per duty cycle. Must be safe to call from any thread.
 */
@FunctionalInterface
public interface EngineClock {
    long nanoTime();

    /** @return the JVM's monotonic clock. */
    static EngineClock system() {
        return System::nanoTime;
    }
}
