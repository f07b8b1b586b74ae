package io.htcengine.examples.demo;

/**
 * What one demo run does.
 *
 * @param tasks       options to price, one task each
 * @param workers     worker threads
 * @param paths       Monte Carlo paths per option
 * @param seed        seed of the option book, its paths and the simulated faults
 * @param failRate    probability that an attempt fails with a simulated fault, 0 to 1
 * @param maxAttempts attempts per task (retried with jittered exponential backoff)
 * @param metricsPort the port to serve Prometheus /metrics on while the demo runs (0: any free port), or -1 for none
 * @param db          the SQLite store that makes the run durable and resumable, or null for none
 */
record DemoSettings(long tasks, int workers, int paths, long seed, double failRate, int maxAttempts, int metricsPort,
                    java.nio.file.Path db) {

    /** A run without faults, three attempts per task, no metrics endpoint, no persistence. */
    static DemoSettings of(long tasks, int workers, int paths, long seed) {
        return new DemoSettings(tasks, workers, paths, seed, 0, 3, -1, null);
    }

    /** @return the name of this run's durable session: a killed run resumes only a session of the same settings. */
    String sessionName() {
        return "option-book tasks=" + tasks + " paths=" + paths + " seed=" + seed + " fail-rate=" + failRate
            + " max-attempts=" + maxAttempts;
    }

    /**
     * Whether attempt {@code attempt} of task {@code taskId} fails: a hash of seed, task and attempt, so a seed
     * reproduces the faults whatever the threads do.
     */
    boolean failsAttempt(long taskId, int attempt) {
        if (failRate <= 0) {
            return false;
        }
        long z = seed + taskId * 0x9E3779B97F4A7C15L + attempt * 0xC2B2AE3D27D4EB4FL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53 < failRate;
    }
}
