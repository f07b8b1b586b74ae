package io.htcengine.internal.journal;

/**
 * What a durable task carries as its engine input: its job id, its input bytes, its latest checkpoint and the
 * attempts it had before this engine took it over. The journal feed recognises durable tasks by this type.
 *
 * <p>Threading: final fields from any thread; {@code checkpoint} is written by the attempt that saves one and read by
 * the next attempt (volatile).
 */
public final class DurableInput {
    final long jobId;
    final byte[] input;
    /** Attempts started before this engine (a recovered task), so attempts count across restarts. */
    final int attemptBase;
    /** Whether this task was recovered from the store (the runtime keeps a handle for it until it ends). */
    final boolean recovered;
    volatile byte[] checkpoint;

    DurableInput(long jobId, byte[] input, byte[] checkpoint, int attemptBase, boolean recovered) {
        this.jobId = jobId;
        this.input = input;
        this.checkpoint = checkpoint;
        this.attemptBase = attemptBase;
        this.recovered = recovered;
    }

    @Override
    public String toString() {
        return "job " + jobId + " (" + input.length + " bytes)";
    }
}
