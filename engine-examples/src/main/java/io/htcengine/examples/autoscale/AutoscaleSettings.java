package io.htcengine.examples.autoscale;

import io.htcengine.examples.cli.ArgParser;
import io.htcengine.examples.cli.ParsedArgs;
import io.htcengine.examples.cli.UsageException;

import java.time.Duration;

/**
 * What one {@code ./htc autoscale} run does. Built only by {@link #parse}, which checks every value against its
 * range and names the bad one. Immutable.
 *
 * @param bursts      bursts of tasks, one after the other
 * @param burstTasks  tasks in a burst, on average (each burst has 50 % to 150 % of it, drawn from the seed)
 * @param taskMs      how long a task runs (sleeps), on average (each 50 % to 150 % of it)
 * @param gapMs       the quiet time after a burst's last task ended, before the next burst (and after the last)
 * @param maxNodes    the pool's most nodes (it starts with one, its minimum)
 * @param startupMs   how long the simulated provisioner takes to make a node ready
 * @param scaleUpMs   how long demand waits, unplaced, before the pool grows
 * @param scaleDownMs how long a node is idle before the pool lets it go
 * @param sampleMs    how often a line is printed
 * @param seed        seeds burst sizes and task run times
 * @param metricsPort the port of a Prometheus /metrics endpoint served during the run (0: any free one), or -1
 * @param json        whether a one-line JSON summary ends the output
 */
public record AutoscaleSettings(int bursts, int burstTasks, int taskMs, int gapMs, int maxNodes, int startupMs,
                                int scaleUpMs, int scaleDownMs, int sampleMs, long seed, int metricsPort,
                                boolean json) {
    /** Cores of one node of the pool; each task asks for one core, so a node runs this many tasks at once. */
    public static final int NODE_CORES = 2;
    /** Memory of one node of the pool. */
    public static final long NODE_MEMORY_BYTES = 4L << 30;
    /** Memory each task asks for. */
    public static final long TASK_MEMORY_BYTES = 512L << 20;
    /** How often the engine asks the pool's policy for its size. */
    public static final Duration AUTOSCALE_INTERVAL = Duration.ofMillis(100);

    static final ArgParser OPTIONS = new ArgParser("autoscale")
        .option("--bursts", "N", "bursts of tasks, 1 to 100 (default 3)")
        .option("--burst-tasks", "N", "tasks per burst on average, 1 to 100,000 (default 120; each burst 50-150 % of it)")
        .option("--task-ms", "MS", "run time of a task on average, 1 to 60,000 ms (default 80; each 50-150 % of it)")
        .option("--gap-ms", "MS", "quiet time after each burst, 0 to 600,000 ms (default 2,500)")
        .option("--max-nodes", "N", "most nodes of the pool, 1 to 256 (default 8; it starts with 1)")
        .option("--startup-ms", "MS", "time the simulated provisioner takes per node, 0 to 60,000 ms (default 300)")
        .option("--scale-up-ms", "MS", "how long demand waits unplaced before the pool grows, 0 to 60,000 ms (default 200)")
        .option("--scale-down-ms", "MS", "how long a node is idle before it is released, 0 to 600,000 ms (default 1,000)")
        .option("--sample-ms", "MS", "time between printed lines, 10 to 60,000 ms (default 250)")
        .option("--seed", "N", "seeds burst sizes and task run times (default 42)")
        .option("--metrics-port", "P", "serve Prometheus metrics, cluster gauges included, on 127.0.0.1:P/metrics "
            + "while it runs, 0 to 65,535 (0: a free port; default: off)")
        .flag("--json", "also print a one-line JSON summary, last");

    /** @throws UsageException naming the option and its allowed range */
    public static AutoscaleSettings parse(ParsedArgs args) {
        return new AutoscaleSettings(
            args.intValue("--bursts", 3, 1, 100),
            args.intValue("--burst-tasks", 120, 1, 100_000),
            args.intValue("--task-ms", 80, 1, 60_000),
            args.intValue("--gap-ms", 2_500, 0, 600_000),
            args.intValue("--max-nodes", 8, 1, 256),
            args.intValue("--startup-ms", 300, 0, 60_000),
            args.intValue("--scale-up-ms", 200, 0, 60_000),
            args.intValue("--scale-down-ms", 1_000, 0, 600_000),
            args.intValue("--sample-ms", 250, 10, 60_000),
            args.longValue("--seed", 42, Long.MIN_VALUE, Long.MAX_VALUE),
            args.intValue("--metrics-port", -1, 0, 65_535),
            args.has("--json"));
    }
}
