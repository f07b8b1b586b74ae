package io.htcengine.examples.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.htcengine.examples.cli.ArgParser;
import io.htcengine.examples.cli.Command;
import io.htcengine.examples.cli.ParsedArgs;
import io.htcengine.examples.policy.ShortestEstimateFirst;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./htc compare-policies}: replays one SWF trace (by default the Lublin model trace of the shared workload
 * data, {@code ../shared/data/lublin_256.swf} from the repository root) under every built-in scheduling policy, and
 * under the example policy {@link ShortestEstimateFirst}, and prints a table of average wait, average bounded
 * slowdown and utilization. Each replay is {@code ./htc replay}'s ({@link Replay}).
 */
public final class ComparePoliciesCommand implements Command {
    /** The default trace, relative to the repository root. */
    static final String DEFAULT_TRACE = "../shared/data/lublin_256.swf";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final ArgParser OPTIONS = new ArgParser("compare-policies")
        .option("--trace", "FILE", "the SWF trace, .swf or .swf.gz (default: " + DEFAULT_TRACE
            + " from the repository root)")
        .option("--procs", "N", ReplayCommand.PROCS_HELP)
        .flag("--json", "also print a one-line JSON summary, last");

    @Override
    public String name() {
        return "compare-policies";
    }

    @Override
    public String summary() {
        return "replay an SWF trace (default: Lublin, 10,000 jobs) under every built-in policy: a table of wait, "
            + "slowdown, utilization";
    }

    @Override
    public ArgParser options() {
        return OPTIONS;
    }

    @Override
    public int execute(ParsedArgs parsed, PrintStream out, PrintStream err) throws IOException {
        int givenProcs = ReplayCommand.procsOption(parsed); // options before files
        Path trace;
        if (parsed.has("--trace")) {
            trace = parsed.inputFile("--trace");
        } else {
            trace = repositoryRoot().resolve(DEFAULT_TRACE).normalize();
            if (!Files.isRegularFile(trace)) {
                err.println("htc compare-policies: the default trace " + trace + " is missing (it is "
                    + DEFAULT_TRACE + " from the repository root, in the project's shared workload data); give one "
                    + "with --trace FILE");
                return 1;
            }
        }
        SwfTrace swf = ReplayCommand.readTrace(trace);
        int procs = ReplayCommand.procs(givenProcs, swf);
        SwfTrace.Selection selection = swf.select(procs);
        out.printf(Locale.ROOT, "Trace %s: %,d jobs replayed (%,d skipped) on %,d processors%n", trace,
            selection.jobs().size(), selection.skipped(), procs);
        List<ReplayReport> reports = new ArrayList<>();
        for (ReplayPolicy policy : ReplayPolicy.values()) {
            reports.add(Replay.run(selection.jobs(), selection.skipped(), procs, policy));
        }
        reports.add(Replay.run(selection.jobs(), selection.skipped(), procs, "shortest-first (example)",
            new ShortestEstimateFirst()));
        printTable(reports, out);
        out.println("wait = start - submit; bounded slowdown = max(1, (wait + run) / max(run, 10 s)); utilization = "
            + "busy processor-seconds / (processors x makespan)");
        if (parsed.has("--json")) {
            ObjectNode json = JSON.createObjectNode().put("trace", trace.toString()).put("procs", procs)
                .put("jobs", selection.jobs().size()).put("skipped", selection.skipped());
            ArrayNode rows = json.putArray("policies");
            reports.forEach(r -> rows.add(row(r)));
            out.println(json);
        }
        return reports.stream().anyMatch(r -> r.unfinished() > 0) ? 1 : 0;
    }

    static void printTable(List<ReplayReport> reports, PrintStream out) {
        out.printf(Locale.ROOT, "%-26s %14s %16s %16s %12s %10s%n", "policy", "avg wait (s)", "avg bounded sd",
            "max bounded sd", "utilization", "wall (s)");
        for (ReplayReport r : reports) {
            out.printf(Locale.ROOT, "%-26s %,14.0f %,16.2f %,16.1f %12.4f %10.2f%n", r.policy(), r.avgWaitS(),
                r.avgBoundedSlowdown(), r.maxBoundedSlowdown(), r.utilization(), r.wallS());
        }
    }

    private static ObjectNode row(ReplayReport r) {
        return JSON.createObjectNode().put("policy", r.policy())
            .put("avg_wait_s", ReplayReport.round(r.avgWaitS(), 3))
            .put("avg_bounded_slowdown", ReplayReport.round(r.avgBoundedSlowdown(), 4))
            .put("max_bounded_slowdown", ReplayReport.round(r.maxBoundedSlowdown(), 4))
            .put("utilization", ReplayReport.round(r.utilization(), 6))
            .put("makespan_s", ReplayReport.round(r.makespanS(), 3))
            .put("wall_s", ReplayReport.round(r.wallS(), 3));
    }

    /**
     * @return the repository root: three levels above the directory this class was loaded from
     *         ({@code engine-examples/target/classes}), or the working directory when it was loaded from elsewhere
     */
    static Path repositoryRoot() {
        try {
            Path classes = Path.of(ComparePoliciesCommand.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI());
            Path root = classes.getParent() == null ? null : classes.getParent().getParent();
            root = root == null ? null : root.getParent();
            if (root != null && Files.isRegularFile(root.resolve("htc"))) {
                return root;
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }
}
