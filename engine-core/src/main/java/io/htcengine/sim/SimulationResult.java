package io.htcengine.sim;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a {@link Simulation} run produced: every task's record, in submission order, and the standard measures of a
 * schedule computed from them. Immutable.
 */
public final class SimulationResult {
    private final List<JobRecord> jobs;
    private final List<JobRecord> finished;
    private final Map<String, Long> capacity;

    SimulationResult(List<JobRecord> jobs, Map<String, Long> capacity) {
        this.jobs = List.copyOf(jobs);
        this.finished = this.jobs.stream().filter(j -> j.endNs() >= 0).toList();
        this.capacity = Map.copyOf(capacity);
    }

    public List<JobRecord> jobs() {
        return jobs;
    }

    /** @return how many jobs did not run to an end (never placed, or still running when nothing more could happen). */
    public int unfinished() {
        return jobs.size() - finished().size();
    }

    /** @return jobs that ran to an end; the measures below cover these only (see {@link #unfinished()}). */
    public List<JobRecord> finished() {
        return finished;
    }

    /** @return the last end minus the first submission over the finished jobs (0 when none). */
    public long makespanNs() {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (JobRecord j : finished()) {
            first = Math.min(first, j.submitNs());
            last = Math.max(last, j.endNs());
        }
        return first == Long.MAX_VALUE ? 0 : last - first;
    }

    /** @return the mean wait (start − submit) over the finished jobs, in seconds. */
    public double averageWaitSeconds() {
        List<JobRecord> f = finished();
        return f.isEmpty() ? 0 : f.stream().mapToLong(JobRecord::waitNs).sum() / 1e9 / f.size();
    }

    /**
     * @return each finished job's bounded slowdown, {@code max(1, (wait + run) / max(run, thresholdSeconds))}, in
     *         submission order
     */
    public double[] boundedSlowdowns(double thresholdSeconds) {
        List<JobRecord> f = finished();
        double[] out = new double[f.size()];
        for (int i = 0; i < out.length; i++) {
            JobRecord j = f.get(i);
            double wait = j.waitNs() / 1e9;
            double run = j.runNs() / 1e9;
            out[i] = Math.max(1.0, (wait + run) / Math.max(run, thresholdSeconds));
        }
        return out;
    }

    /**
     * @return busy amount-seconds of the resource over capacity × makespan: e.g. for "cpu", the processor-seconds the
     *         jobs used divided by the processor-seconds the nodes offered
     */
    public double utilisation(String resource) {
        Long cap = capacity.get(resource);
        long makespan = makespanNs();
        if (cap == null || cap == 0 || makespan == 0) {
            return 0;
        }
        double busy = 0;
        for (JobRecord j : finished()) {
            busy += (double) amount(j, resource) * j.runNs();
        }
        return busy / ((double) cap * makespan);
    }

    /** @return per tenant, its share of the resource-seconds the finished jobs used (sums to 1). */
    public Map<String, Double> tenantShares(String resource) {
        Map<String, Double> used = new TreeMap<>();
        double total = 0;
        for (JobRecord j : finished()) {
            double u = (double) amount(j, resource) * j.runNs();
            used.merge(j.tenant(), u, Double::sum);
            total += u;
        }
        final double sum = total;
        used.replaceAll((t, u) -> sum == 0 ? 0 : u / sum);
        return used;
    }

    static long amount(JobRecord j, String resource) {
        return "slots".equals(resource) ? 1 : j.resources().amount(resource);
    }
}
