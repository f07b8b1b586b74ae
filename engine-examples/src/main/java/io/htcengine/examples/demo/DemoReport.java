package io.htcengine.examples.demo;

import java.io.PrintStream;
import java.util.Locale;

/**
 * What a demo run measured.
 *
 * @param tasks          tasks submitted
 * @param completed      tasks that completed
 * @param failed         tasks that failed
 * @param cancelled      tasks that were cancelled
 * @param wallS          seconds from opening the session to its future completing
 * @param p50Us          median submit-to-complete latency, microseconds
 * @param p99Us          99th percentile submit-to-complete latency, microseconds
 * @param portfolioValue sum of the priced positions' values
 * @param retries        failed attempts that were retried
 * @param deadLettered   tasks that failed for good and sit in the engine's dead-letter list
 * @param p50UsByPriority median latency in microseconds of the tasks of each priority (index 1 to 10; NaN for a
 *                        priority without tasks)
 * @param resumed        tasks recovered from the store: unfinished when an earlier run of the same session was killed
 *                       (0 without persistence, or for a fresh session)
 * @param tasksThisRun   tasks this run finished (all of them, unless it resumed a session): the rate's numerator
 */
record DemoReport(long tasks, long completed, long failed, long cancelled, double wallS, double p50Us, double p99Us,
                  double portfolioValue, long retries, long deadLettered, double[] p50UsByPriority, long resumed,
                  long tasksThisRun) {

    double tasksPerS() {
        return wallS > 0 ? tasksThisRun / wallS : 0;
    }

    /**
     * @return one JSON object on one line: tasks, completed, failed, cancelled, wall_s, tasks_per_s, p50_us, p99_us,
     *         portfolio_value, retries, dead_lettered, resumed. After a resume, the counts cover the whole session
     *         (tasks finished before the kill included); wall time, rate and latencies cover this run.
     */
    String toJson() {
        return String.format(Locale.ROOT,
            "{\"tasks\":%d,\"completed\":%d,\"failed\":%d,\"cancelled\":%d,\"wall_s\":%.3f,\"tasks_per_s\":%.1f,"
                + "\"p50_us\":%.1f,\"p99_us\":%.1f,\"portfolio_value\":%.2f,\"retries\":%d,\"dead_lettered\":%d,"
                + "\"resumed\":%d}",
            tasks, completed, failed, cancelled, wallS, tasksPerS(), p50Us, p99Us, portfolioValue, retries,
            deadLettered, resumed);
    }

    /** Prints the report as aligned lines for a person. */
    void printText(PrintStream out) {
        out.printf(Locale.ROOT, "portfolio value  %,.2f%n", portfolioValue);
        out.printf(Locale.ROOT, "tasks            %,d%n", tasks);
        out.printf(Locale.ROOT, "completed        %,d%n", completed);
        out.printf(Locale.ROOT, "failed           %,d%n", failed);
        out.printf(Locale.ROOT, "cancelled        %,d%n", cancelled);
        out.printf(Locale.ROOT, "retries          %,d%n", retries);
        out.printf(Locale.ROOT, "dead-lettered    %,d%n", deadLettered);
        out.printf(Locale.ROOT, "resumed          %,d%n", resumed);
        out.printf(Locale.ROOT, "wall time        %.3f s%n", wallS);
        out.printf(Locale.ROOT, "throughput       %,.0f tasks/s%n", tasksPerS());
        out.printf(Locale.ROOT, "latency p50      %,.1f us (submit to complete, waiting in the lanes included)%n", p50Us);
        out.printf(Locale.ROOT, "latency p99      %,.1f us%n", p99Us);
        StringBuilder byPriority = new StringBuilder("p50 by priority");
        for (int p = p50UsByPriority.length - 1; p >= 1; p--) {
            if (!Double.isNaN(p50UsByPriority[p])) {
                byPriority.append(String.format(Locale.ROOT, "  %d: %,.1f ms", p, p50UsByPriority[p] / 1e3));
            }
        }
        out.println(byPriority);
    }
}
