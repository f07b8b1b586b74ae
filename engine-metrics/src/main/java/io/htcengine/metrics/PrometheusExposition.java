package io.htcengine.metrics;

import io.htcengine.api.Progress;
import io.htcengine.api.TaskSpec;
import io.htcengine.api.TaskState;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns {@link EngineMetrics} into Prometheus snapshots at scrape time: nothing is recorded twice, and the scheduling
 * path never touches a Prometheus object. Histograms are exported as classic histograms whose buckets are read from
 * the HdrHistograms (bucket edges exact to HdrHistogram's 0.1 %; {@code _sum} is count × mean).
 *
 * <p>Threading: {@link #collect()} from any thread, concurrently with the engine's listener thread.
 */
final class PrometheusExposition implements MultiCollector {
    /** Bucket upper bounds in seconds, +Inf implied: 1 µs to 1 h, about ×2–×5 apart. */
    static final double[] BUCKETS_SECONDS = {
        1e-6, 5e-6, 1e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 1e-2, 2.5e-2, 5e-2, 0.1, 0.25, 0.5,
        1, 2.5, 5, 10, 30, 60, 300, 900, 3600};

    private static final long[] BUCKETS_NS = new long[BUCKETS_SECONDS.length];
    private static final double[] BOUNDS_WITH_INF = new double[BUCKETS_SECONDS.length + 1];

    static {
        for (int i = 0; i < BUCKETS_SECONDS.length; i++) {
            BUCKETS_NS[i] = Math.round(BUCKETS_SECONDS[i] * 1e9);
            BOUNDS_WITH_INF[i] = BUCKETS_SECONDS[i];
        }
        BOUNDS_WITH_INF[BUCKETS_SECONDS.length] = Double.POSITIVE_INFINITY;
    }

    private final EngineMetrics metrics;

    PrometheusExposition(EngineMetrics metrics) {
        this.metrics = metrics;
    }

    /** The hpc_job_*_usage gauges: aggregated by default, one series per running task when switched on. */
    private void addUsage(List<io.prometheus.metrics.model.snapshots.MetricSnapshot> out) {
        GaugeSnapshot.Builder cpu = GaugeSnapshot.builder().name("hpc_job_cpu_usage_percent");
        GaugeSnapshot.Builder memory = GaugeSnapshot.builder().name("hpc_job_memory_usage_bytes");
        GaugeSnapshot.Builder gpu = GaugeSnapshot.builder().name("hpc_job_gpu_usage_percent");
        if (metrics.perTaskUsageSeries()) {
            cpu.help("CPU in use by each running task that reported it, percent of one core");
            memory.help("Memory in use by each running task that reported it");
            gpu.help("GPU in use by each running task that reported it, percent of one GPU");
            for (io.htcengine.spi.UsageSample u : metrics.runningSamples()) {
                Labels labels = Labels.of("name", u.name(), "task_id", Long.toString(u.taskId()));
                cpu.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(u.cpuPercent()).build());
                memory.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(u.memoryBytes()).build());
                gpu.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(u.gpuPercent()).build());
            }
        } else {
            RunningUsage now = metrics.runningUsage();
            cpu.help("Mean CPU in use over the running tasks that reported it, percent of one core");
            memory.help("Memory in use by all running tasks that reported it");
            gpu.help("Mean GPU in use over the running tasks that reported it, percent of one GPU");
            cpu.dataPoint(GaugeDataPointSnapshot.builder().value(now.cpuPercentMean()).build());
            memory.dataPoint(GaugeDataPointSnapshot.builder().value(now.memoryBytesSum()).build());
            gpu.dataPoint(GaugeDataPointSnapshot.builder().value(now.gpuPercentMean()).build());
        }
        out.add(cpu.build());
        out.add(memory.build());
        out.add(gpu.build());
    }

    /**
     * The names every scrape has, so that a registry refuses a second exposition of them when it is registered (a
     * scrape of a registry that held two would fail on the duplicate names).
     */
    @Override
    public java.util.List<String> getPrometheusNames() {
        return java.util.List.of("hpc_job_state", "hpc_job", "htc_engine_transitions", "hpc_job_runtime_seconds",
            "htc_engine_queue_wait_seconds", "htc_engine_scheduling_delay_seconds",
            "htc_engine_submit_to_complete_seconds", "htc_engine_tenant_transitions");
    }

    @Override
    public MetricSnapshots collect() {
        List<io.prometheus.metrics.model.snapshots.MetricSnapshot> out = new ArrayList<>();
        TransitionCounters counters = metrics.transitions();

        CounterSnapshot.Builder byState = CounterSnapshot.builder().name("hpc_job_state")
            .help("Task transitions into each state (for a terminal state: tasks that ended in it; RETRY: failed "
                + "attempts that will be retried)");
        for (TaskState s : TaskState.values()) {
            if (s == TaskState.SUBMITTED) {
                continue; // no transition enters SUBMITTED; admissions are hpc_job_total
            }
            byState.dataPoint(CounterDataPointSnapshot.builder().labels(Labels.of("state", s.name()))
                .value(counters.byStateAcquire(s)).build());
        }
        out.add(byState.build());

        out.add(CounterSnapshot.builder().name("hpc_job")
            .help("Tasks the scheduler accepted from its lanes (each submitted task once, when it leaves SUBMITTED)")
            .dataPoint(CounterDataPointSnapshot.builder().value(metrics.admittedAcquire()).build()).build());

        CounterSnapshot.Builder byPriority = CounterSnapshot.builder().name("htc_engine_transitions")
            .help("Task transitions by target state and task priority");
        for (TaskState s : TaskState.values()) {
            if (s == TaskState.SUBMITTED) {
                continue;
            }
            for (int p = TaskSpec.MIN_PRIORITY; p <= TaskSpec.MAX_PRIORITY; p++) {
                long n = counters.getAcquire(s, p);
                if (n > 0) { // series appear once used: at most 6 states x 10 priorities
                    byPriority.dataPoint(CounterDataPointSnapshot.builder()
                        .labels(Labels.of("priority", Integer.toString(p), "state", s.name())).value(n).build());
                }
            }
        }
        out.add(byPriority.build());

        out.add(histogram("hpc_job_runtime_seconds",
            "Run time of each attempt: RUNNING to COMPLETED, FAILED, RETRY or CANCELLED", metrics.runTime()));
        out.add(histogram("htc_engine_queue_wait_seconds",
            "Wait of each attempt before it ran: from submission (first attempt) or re-queueing after a retry's "
                + "backoff, to RUNNING", metrics.queueWait()));
        out.add(histogram("htc_engine_scheduling_delay_seconds",
            "Per task, from admission (SUBMITTED to QUEUED) to first dispatch (RUNNING)", metrics.schedulingDelay()));
        out.add(histogram("htc_engine_submit_to_complete_seconds",
            "Per task that COMPLETED or FAILED, from submission to that outcome", metrics.submitToComplete()));

        CounterSnapshot.Builder byTenant = CounterSnapshot.builder().name("htc_engine_tenant_transitions")
            .help("Task transitions by target state and the tenant of the task's spec (tenants beyond the first "
                + TenantCounters.MAX_TENANTS + " count as " + TenantCounters.OTHER + ")");
        for (TenantCounters.Tenant t : metrics.tenants().tenantsAcquire()) {
            for (TaskState s : TaskState.values()) {
                long n = t.getAcquire(s);
                if (n > 0) {
                    byTenant.dataPoint(CounterDataPointSnapshot.builder()
                        .labels(Labels.of("state", s.name(), "tenant", t.name())).value(n).build());
                }
            }
        }
        out.add(byTenant.build());

        addUsage(out);

        ClusterStatusReader cluster = metrics.clusterReader();
        if (cluster != null) {
            io.htcengine.api.ClusterStatus status = cluster.read();
            if (status != null) {
                ClusterExposition.addTo(out, status);
            }
            out.add(CounterSnapshot.builder().name("htc_engine_cluster_status_misses")
                .help("Scrapes that went without cluster figures: the status report did not come within the timeout")
                .dataPoint(CounterDataPointSnapshot.builder().value(cluster.misses()).build()).build());
        }

        Progress progress = metrics.progress();
        if (progress != null) {
            out.add(GaugeSnapshot.builder().name("htc_engine_tasks")
                .help("Tasks in each state now (terminal states: since the engine started)")
                .dataPoint(gauge("SUBMITTED", progress.submitted()))
                .dataPoint(gauge("QUEUED", progress.queued()))
                .dataPoint(gauge("RUNNING", progress.running()))
                .dataPoint(gauge("RETRY", progress.retry()))
                .dataPoint(gauge("COMPLETED", progress.completed()))
                .dataPoint(gauge("FAILED", progress.failed()))
                .dataPoint(gauge("CANCELLED", progress.cancelled()))
                .build());
            out.add(GaugeSnapshot.builder().name("htc_engine_lane_depth")
                .help("Tasks waiting in the priority lanes, not yet admitted by the scheduler (all lanes)")
                .dataPoint(GaugeDataPointSnapshot.builder().value(progress.submitted()).build())
                .build());
        }
        return new MetricSnapshots(out);
    }

    private static GaugeDataPointSnapshot gauge(String state, long value) {
        return GaugeDataPointSnapshot.builder().labels(Labels.of("state", state)).value(value).build();
    }

    private static HistogramSnapshot histogram(String name, String help, LatencyHistogram source) {
        long[] counts = new long[BOUNDS_WITH_INF.length];
        double sumNs = source.buckets(BUCKETS_NS, counts);
        return HistogramSnapshot.builder().name(name).help(help).unit(Unit.SECONDS)
            .dataPoint(HistogramDataPointSnapshot.builder()
                .classicHistogramBuckets(ClassicHistogramBuckets.of(BOUNDS_WITH_INF, counts))
                .sum(sumNs / 1e9)
                .build())
            .build();
    }
}
