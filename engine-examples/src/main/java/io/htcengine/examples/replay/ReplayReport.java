package io.htcengine.examples.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.htcengine.api.TaskState;
import io.htcengine.sim.JobRecord;
import io.htcengine.sim.SimulationResult;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The measures of one trace replay. Definitions (over the replayed jobs, those not skipped):
 * <ul>
 *   <li>wait = start − submit; average in seconds;</li>
 *   <li>bounded slowdown = max(1, (wait + run) / max(run, 10 s)); average and maximum;</li>
 *   <li>makespan = last end − first submit;</li>
 *   <li>utilization = busy processor-seconds / (processors × makespan);</li>
 *   <li>wall = the host time the simulation took (building it, submitting the jobs, running it), not the JVM
 *       start nor reading the file.</li>
 * </ul>
 * Immutable.
 */
public final class ReplayReport {
    /** Bounded slowdown's threshold (tau), in seconds: shorter jobs count as this long. */
    public static final double TAU_S = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String policy;
    private final int procs;
    private final List<SwfJob> jobs;
    private final int skipped;
    private final List<JobRecord> records;
    private final long wallNs;
    private final double avgWaitS;
    private final double avgBoundedSlowdown;
    private final double maxBoundedSlowdown;
    private final double utilization;
    private final double makespanS;
    private final int unfinished;

    ReplayReport(String policy, int procs, List<SwfJob> jobs, int skipped, SimulationResult result, long wallNs) {
        this.policy = policy;
        this.procs = procs;
        this.jobs = List.copyOf(jobs);
        this.skipped = skipped;
        this.records = result.jobs();
        this.wallNs = wallNs;
        this.unfinished = (int) records.stream().filter(r -> r.state() != TaskState.COMPLETED).count();
        this.avgWaitS = result.averageWaitSeconds();
        double[] slowdowns = result.boundedSlowdowns(TAU_S);
        double sum = 0;
        double max = 0;
        for (double s : slowdowns) {
            sum += s;
            max = Math.max(max, s);
        }
        this.avgBoundedSlowdown = slowdowns.length == 0 ? 0 : sum / slowdowns.length;
        this.maxBoundedSlowdown = max;
        this.utilization = result.utilisation("cpu");
        this.makespanS = result.makespanNs() / 1e9;
    }

    /** @return the policy's name. */
    public String policy() {
        return policy;
    }

    /** @return the jobs replayed. */
    public int jobCount() {
        return jobs.size();
    }

    public int skipped() {
        return skipped;
    }

    /** @return jobs that did not complete (0 unless something is wrong: every replayed job fits the machine). */
    public int unfinished() {
        return unfinished;
    }

    public double avgWaitS() {
        return avgWaitS;
    }

    public double avgBoundedSlowdown() {
        return avgBoundedSlowdown;
    }

    public double maxBoundedSlowdown() {
        return maxBoundedSlowdown;
    }

    public double utilization() {
        return utilization;
    }

    public double makespanS() {
        return makespanS;
    }

    public double wallS() {
        return wallNs / 1e9;
    }

    /** @return each replayed job's simulated record, in trace order. */
    public List<JobRecord> records() {
        return records;
    }

    /** @return the summary as one line of JSON. */
    public String toJson() {
        ObjectNode json = JSON.createObjectNode()
            .put("policy", policy)
            .put("procs", procs)
            .put("jobs", jobs.size())
            .put("skipped", skipped)
            .put("avg_wait_s", round(avgWaitS, 3))
            .put("avg_bounded_slowdown", round(avgBoundedSlowdown, 4))
            .put("max_bounded_slowdown", round(maxBoundedSlowdown, 4))
            .put("utilization", round(utilization, 6))
            .put("makespan_s", round(makespanS, 3))
            .put("wall_s", round(wallS(), 3));
        return json.toString();
    }

    /** Prints the summary for a reader, one measure a line. */
    public void printText(PrintStream out) {
        out.printf(Locale.ROOT, "policy                %s on %,d processors%n", policy, procs);
        out.printf(Locale.ROOT, "jobs                  %,d replayed, %,d skipped%n", jobs.size(), skipped);
        out.printf(Locale.ROOT, "avg wait              %,.1f s%n", avgWaitS);
        out.printf(Locale.ROOT, "avg bounded slowdown  %,.2f (tau = %.0f s)%n", avgBoundedSlowdown, TAU_S);
        out.printf(Locale.ROOT, "max bounded slowdown  %,.2f%n", maxBoundedSlowdown);
        out.printf(Locale.ROOT, "utilization           %.4f (busy processor-seconds / (processors x makespan))%n",
            utilization);
        out.printf(Locale.ROOT, "makespan              %,.0f s (first submit to last end)%n", makespanS);
        out.printf(Locale.ROOT, "wall                  %.3f s (host time of the simulation)%n", wallS());
    }

    /** Writes the per-job CSV: a header, then job_id,submit_s,start_s,end_s,procs for each job in trace order. */
    public void writeCsv(Writer out) throws IOException {
        out.write("job_id,submit_s,start_s,end_s,procs\n");
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < jobs.size(); i++) {
            SwfJob job = jobs.get(i);
            JobRecord r = records.get(i);
            row.setLength(0);
            row.append(job.id()).append(',').append(seconds(r.submitNs())).append(',').append(seconds(r.startNs()))
                .append(',').append(seconds(r.endNs())).append(',').append(job.procs()).append('\n');
            out.write(row.toString());
        }
    }

    /** @return nanoseconds as seconds, exactly, without trailing zeros ("-1" when never). */
    static String seconds(long ns) {
        if (ns < 0) {
            return "-1";
        }
        return BigDecimal.valueOf(ns, 9).stripTrailingZeros().toPlainString();
    }

    /** @return the value rounded to {@code digits} decimals, written plainly (never 1.2E7) in JSON. */
    static BigDecimal round(double value, int digits) {
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(digits, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return rounded.scale() < 0 ? rounded.setScale(0) : rounded;
    }

    /** @return the per-job lines as a list (tests). */
    List<String> csvLines() {
        java.io.StringWriter w = new java.io.StringWriter();
        try {
            writeCsv(w);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new ArrayList<>(List.of(w.toString().split("\n")));
    }
}
