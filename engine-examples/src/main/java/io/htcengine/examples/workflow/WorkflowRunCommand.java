package io.htcengine.examples.workflow;

import io.htcengine.examples.cli.ArgParser;
import io.htcengine.examples.cli.Command;
import io.htcengine.examples.cli.ParsedArgs;
import io.htcengine.examples.cli.UsageException;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ExecutionException;

/**
 * {@code ./htc montage}: replays a real scientific workflow, by default the bundled Montage instance (58 tasks,
 * 114 dependencies, from WfCommons), as one DAG in one session on a real engine, each task sleeping its recorded
 * runtime scaled down. It prints when each task ran, the makespan against the critical path (which no schedule
 * can beat), and checks that every task started only after all its parents ended.
 *
 * <p>What it shows of the API: {@link io.htcengine.api.TaskGraph} built from a file,
 * {@link io.htcengine.api.Session#submit(io.htcengine.api.TaskGraph)}, priorities from the DAG's shape.
 */
public final class WorkflowRunCommand implements Command {
    /** The bundled workflow, a resource beside this class; its README.md says where it comes from. */
    static final String BUNDLED = "montage-chameleon-2mass-005d-001.json";
    static final double DEFAULT_MS_PER_SECOND = 1;
    static final int MAX_WORKERS = 4096;

    private static final ArgParser OPTIONS = new ArgParser("montage")
        .option("--file", "PATH", "a WfCommons WfFormat 1.5 JSON file (default: the bundled Montage workflow)")
        .option("--workers", "N", "worker threads, 1 to 4,096 (default: available processors)")
        .option("--ms-per-second", "X", "milliseconds a task sleeps per recorded second of runtime, 0.001 to "
            + "1,000 (default 1)")
        .flag("--json", "also print a one-line JSON summary, last");

    @Override
    public String name() {
        return "montage";
    }

    @Override
    public String summary() {
        return "replay a real workflow DAG (WfCommons Montage, or --file) in one session: order, makespan vs "
            + "critical path";
    }

    @Override
    public ArgParser options() {
        return OPTIONS;
    }

    @Override
    public int execute(ParsedArgs parsed, PrintStream out, PrintStream err)
        throws IOException, InterruptedException, ExecutionException {
        int workers = parsed.intValue("--workers", Runtime.getRuntime().availableProcessors(), 1, MAX_WORKERS);
        double msPerSecond = parsed.doubleValue("--ms-per-second", DEFAULT_MS_PER_SECOND, 0.001, 1_000);
        boolean json = parsed.has("--json");
        Path file = parsed.inputFile("--file");

        WfWorkflow workflow;
        try {
            workflow = file == null ? bundled() : WfFormatLoader.load(file);
        } catch (WfFormatException e) {
            if (file == null) {
                throw e; // the bundled workflow is broken: not the user's input
            }
            throw new UsageException("--file: " + e.getMessage());
        }
        workflow.notes().forEach(note -> err.println("htc montage: note: " + workflow.source() + ": " + note));
        out.printf(Locale.ROOT, "Workflow '%s' (%s): %,d tasks, %,d dependencies; %d worker threads; 1 recorded second "
                + "= %s ms%n", workflow.name(), workflow.source(), workflow.tasks().size(), workflow.edgeCount(),
            workers, BigDecimal.valueOf(msPerSecond).stripTrailingZeros().toPlainString());
        WorkflowRunReport report = WorkflowRunner.run(workflow, workers, msPerSecond);
        report.printText(out);
        report.problems().forEach(problem -> err.println("htc montage: " + problem));
        if (json) {
            out.println(report.toJson());
        }
        return report.orderOk() && report.makespanCoversCriticalPath() ? 0 : 1;
    }

    /** @return the bundled Montage workflow. */
    static WfWorkflow bundled() throws IOException {
        try (InputStream in = WorkflowRunCommand.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IOException("the bundled workflow " + BUNDLED + " is missing from the class path");
            }
            return WfFormatLoader.load(in, "bundled " + BUNDLED);
        }
    }
}
