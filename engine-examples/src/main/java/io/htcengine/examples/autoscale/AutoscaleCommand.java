package io.htcengine.examples.autoscale;

import io.htcengine.api.Resources;
import io.htcengine.examples.cli.ArgParser;
import io.htcengine.examples.cli.Command;
import io.htcengine.examples.cli.MetricsEndpoint;
import io.htcengine.examples.cli.ParsedArgs;
import io.htcengine.metrics.EngineMetrics;
import io.htcengine.metrics.MetricsServer;

import java.io.PrintStream;
import java.util.Locale;

/**
 * {@code ./htc autoscale}: a pool of simulated machines growing under bursts of tasks and shrinking in the quiet
 * between them. One line per sample (elapsed time, pool size and nodes by state, cpu utilisation, tasks and cpu
 * waiting for room, tasks done), then a summary; with {@code --json}, a JSON object on the last line.
 *
 * <p>What it shows of the API: {@link io.htcengine.api.PoolSpec} with
 * {@link io.htcengine.spi.AutoscalePolicy#onDemand}, {@link io.htcengine.spi.SimulatedProvisioner}, tasks that
 * request {@link io.htcengine.api.Resources}, and {@link io.htcengine.api.Cluster#status()}.
 */
public final class AutoscaleCommand implements Command {
    @Override
    public String name() {
        return "autoscale";
    }

    @Override
    public String summary() {
        return "a node pool auto-scaling under bursts of tasks: node count, cpu use and pending demand over time";
    }

    @Override
    public ArgParser options() {
        return AutoscaleSettings.OPTIONS;
    }

    @Override
    public int execute(ParsedArgs parsed, PrintStream out, PrintStream err) throws Exception {
        AutoscaleSettings s = AutoscaleSettings.parse(parsed);
        BurstPlan plan = BurstPlan.draw(s.bursts(), s.burstTasks(), s.taskMs(), s.seed());
        EngineMetrics metrics = s.metricsPort() < 0 ? null : EngineMetrics.create();
        AutoscaleReport report;
        // The metrics port is bound before anything is printed: a port in use is a usage error naming it.
        try (MetricsServer server = MetricsEndpoint.start(metrics, s.metricsPort(), err)) {
            printPlan(s, plan, out);
            report = AutoscaleRun.run(s, plan, metrics, sample -> out.println(sample.format()));
        }
        report.printText(out);
        if (s.json()) {
            out.println(report.toJson());
        }
        if (!report.allCompleted()) {
            err.println("htc autoscale: not every task completed: " + report.session());
            return 1;
        }
        return 0;
    }

    private static void printPlan(AutoscaleSettings s, BurstPlan plan, PrintStream out) {
        out.printf(Locale.ROOT, "Pool '%s': nodes of %d cores and %s, 1 to %d of them, each ready %d ms after it is "
                + "asked for; grows when demand has waited %d ms, lets a node go after %d ms idle.%n",
            AutoscaleRun.POOL, AutoscaleSettings.NODE_CORES, Resources.bytes(
                AutoscaleSettings.NODE_MEMORY_BYTES), s.maxNodes(), s.startupMs(), s.scaleUpMs(), s.scaleDownMs());
        out.printf(Locale.ROOT, "Workload: %d bursts, %,d tasks of 1 core and %s, ~%d ms each, %,d ms quiet after "
                + "each burst (seed %d).%n", plan.bursts(), plan.tasks(), Resources.bytes(
                AutoscaleSettings.TASK_MEMORY_BYTES), s.taskMs(), s.gapMs(), s.seed());
    }
}
