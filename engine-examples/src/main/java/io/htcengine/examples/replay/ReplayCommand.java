package io.htcengine.examples.replay;

import io.htcengine.examples.cli.ArgParser;
import io.htcengine.examples.cli.Command;
import io.htcengine.examples.cli.ParsedArgs;
import io.htcengine.examples.cli.UsageException;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code ./htc replay}: replays a Standard Workload Format trace (plain or gzip) under one scheduling policy on the
 * engine's scheduler loop on virtual time, and prints wait, bounded slowdown, utilization and makespan. How the
 * trace maps to the simulation is on {@link Replay} and {@link SwfJob}; the measures are defined on
 * {@link ReplayReport}.
 */
public final class ReplayCommand implements Command {
    static final int MAX_PROCS = 1 << 24;
    static final String PROCS_HELP = "the machine's processors, 1 to 16,777,216 (default: the header's MaxProcs, "
        + "else MaxNodes)";

    private static final ArgParser OPTIONS = new ArgParser("replay")
        .option("--trace", "FILE", "the SWF trace, .swf or .swf.gz (required)")
        .option("--policy", ReplayPolicy.labels(), "the scheduling policy (required)")
        .option("--procs", "N", PROCS_HELP)
        .option("--jobs-out", "FILE", "also write one CSV row per job: job_id,submit_s,start_s,end_s,procs")
        .flag("--json", "also print a one-line JSON summary, last");

    @Override
    public String name() {
        return "replay";
    }

    @Override
    public String summary() {
        return "replay an SWF workload trace under a scheduling policy on virtual time: wait, slowdown, utilization";
    }

    @Override
    public ArgParser options() {
        return OPTIONS;
    }

    @Override
    public int execute(ParsedArgs parsed, PrintStream out, PrintStream err) throws IOException {
        // Every option's value first, then the files, then the work.
        parsed.require("--trace", "FILE");
        ReplayPolicy policy = policy(parsed.value("--policy", null));
        int givenProcs = procsOption(parsed);
        Path trace = parsed.inputFile("--trace");
        Path jobsOut = parsed.outputFile("--jobs-out");
        if (jobsOut != null && Files.exists(jobsOut) && Files.isSameFile(trace, jobsOut)) {
            throw new UsageException("--jobs-out: " + jobsOut + " is the --trace file; give another file name");
        }
        SwfTrace swf = readTrace(trace);
        int procs = procs(givenProcs, swf);
        SwfTrace.Selection selection = swf.select(procs);
        ReplayReport report = Replay.run(selection.jobs(), selection.skipped(), procs, policy);
        out.printf("Trace %s: %,d jobs, %,d replayed on %,d processors under %s%n", trace, swf.jobs().size(),
            selection.jobs().size(), procs, policy.label());
        if (selection.skipped() > 0) {
            out.printf("skipped               %,d: %,d run time <= 0, %,d processors <= 0, %,d wider than the machine, "
                    + "%,d no submit time%n", selection.skipped(), selection.skippedNoRunTime(),
                selection.skippedNoProcs(), selection.skippedTooWide(), selection.skippedNoSubmitTime());
        }
        report.printText(out);
        if (jobsOut != null) {
            try (Writer w = Files.newBufferedWriter(jobsOut, StandardCharsets.UTF_8)) {
                report.writeCsv(w);
            }
            out.println("jobs written to       " + jobsOut);
        }
        if (parsed.has("--json")) {
            out.println(report.toJson());
        }
        if (report.unfinished() > 0) {
            err.println("htc replay: " + report.unfinished() + " job(s) did not complete");
            return 1;
        }
        return 0;
    }

    static ReplayPolicy policy(String label) {
        if (label == null) {
            throw new UsageException("--policy is required: --policy " + ReplayPolicy.labels());
        }
        ReplayPolicy policy = ReplayPolicy.byLabel(label);
        if (policy == null) {
            throw new UsageException("--policy must be one of " + ReplayPolicy.labels() + ", was '" + label + "'");
        }
        return policy;
    }

    /** @return {@code --procs}, checked against its range, or 0 when it was not given. */
    static int procsOption(ParsedArgs parsed) {
        return parsed.intValue("--procs", 0, 1, MAX_PROCS);
    }

    /**
     * @return the trace of {@code --trace}
     * @throws UsageException naming {@code --trace} when the file is no SWF trace (naming the file and line) or holds
     *                        no jobs
     */
    static SwfTrace readTrace(Path trace) throws IOException {
        SwfTrace swf;
        try {
            swf = SwfTrace.read(trace);
        } catch (SwfFormatException e) {
            throw new UsageException("--trace: " + e.getMessage());
        }
        if (swf.jobs().isEmpty()) {
            throw new UsageException("--trace: " + trace + " holds no jobs");
        }
        return swf;
    }

    /** @return {@code givenProcs} (--procs) when not 0, else the header's MaxProcs, else MaxNodes. */
    static int procs(int givenProcs, SwfTrace swf) {
        if (givenProcs > 0) {
            return givenProcs;
        }
        long header = swf.machineProcs().orElseThrow(() -> new UsageException(swf.source()
            + " has no MaxProcs or MaxNodes header line: give the machine's size with --procs N"));
        if (header < 1 || header > MAX_PROCS) {
            throw new UsageException(swf.source() + ": the header's machine size " + header + " is not from 1 to "
                + MAX_PROCS + ": give --procs N");
        }
        return (int) header;
    }
}
