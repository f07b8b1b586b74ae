package io.htcengine.api;

/**
 * Task counts by state at one moment (each count read separately, so the sum may be off by tasks
 * moving between states while it was read).
 */
public record Progress(long submitted, long queued, long running, long retry, long completed, long failed,
                       long cancelled) {

    /** @return tasks in a terminal state. */
    public long done() {
        return completed + failed + cancelled;
    }

    /** @return all tasks counted. */
    public long total() {
        return submitted + queued + running + retry + done();
    }
}
