package io.htcengine.metrics;

import io.htcengine.api.Cluster;
import io.htcengine.api.Engine;
import io.htcengine.api.Progress;
import io.htcengine.api.TaskState;
import io.htcengine.spi.TaskEvent;
import io.htcengine.spi.TaskListener;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.agrona.collections.Long2LongHashMap;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An engine's figures, fed by its listener SPI: transition counters by state and priority, and HdrHistogram
 * distributions of queue wait, scheduling delay, run time and submit-to-complete latency. Register it when building
 * the engine, then bind it so its gauges can read the engine's task counts:
 * <pre>{@code
 * EngineMetrics metrics = EngineMetrics.create();
 * Engine engine = Engine.builder().listener(metrics).build();
 * metrics.bind(engine).bindCluster(engine.cluster());   // bindCluster: the optional cluster gauges
 * MetricsServer server = MetricsServer.start(metrics, 9400);   // optional: off unless started
 * ...
 * System.out.println(metrics.snapshot().format());
 * }</pre>
 *
 * <p>Threading: {@link #onTransition} is called by one engine's listener thread only (asserted under {@code -ea});
 * it records wait-free, without locks or allocation beyond the per-task map's growth. {@link #snapshot()},
 * {@link #registry()} scrapes and {@link #bind} may be called from any thread. One instance serves one engine.
 *
 * <p>Cardinality: no per-task or per-session label. Task counters are labelled by {@code state} (7 values),
 * {@code priority} (10 values) and {@code tenant} (at most {@value TenantCounters#MAX_TENANTS} + 1 values); the
 * cluster gauges by resource, pool and node, so they grow with the cluster. See docs/metrics.md.
 */
public final class EngineMetrics implements TaskListener {
    private static final long MISSING = Long.MIN_VALUE;

    private final TransitionCounters transitions = new TransitionCounters();
    private final TenantCounters tenants = new TenantCounters();
    private final AtomicLong admitted = new AtomicLong();
    private final AtomicLong finished = new AtomicLong();
    private final LatencyHistogram queueWait = new LatencyHistogram();
    private final LatencyHistogram schedulingDelay = new LatencyHistogram();
    private final LatencyHistogram runTime = new LatencyHistogram();
    private final LatencyHistogram submitToComplete = new LatencyHistogram();
    /** Writer only: task id → when it entered its current state (QUEUED or RUNNING); removed when it ends. */
    private final Long2LongHashMap enteredNs = new Long2LongHashMap(MISSING);
    private final AtomicReference<Engine> engine = new AtomicReference<>();
    /** The engine this listener was built into ({@link #onRegistered}): one only. */
    private final AtomicReference<Engine> listensTo = new AtomicReference<>();
    private final AtomicReference<ClusterStatusReader> cluster = new AtomicReference<>();
    /** Writer only: tasks running now. */
    private final org.agrona.collections.LongHashSet running = new org.agrona.collections.LongHashSet();
    /** Written by the writer, read by scrapes: each running task's latest usage sample (lock-free map). */
    private final java.util.concurrent.ConcurrentSkipListMap<Long, io.htcengine.spi.UsageSample> usage =
        new java.util.concurrent.ConcurrentSkipListMap<>();
    private volatile boolean perTaskUsageSeries;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusExposition exposition = new PrometheusExposition(this);
    private Thread writer;

    private EngineMetrics() {
        registry.register(exposition);
    }

    /** @return metrics with their own {@link PrometheusRegistry} (not the global default one), bound to no engine. */
    public static EngineMetrics create() {
        return new EngineMetrics();
    }

    /**
     * Lets the gauges ({@code htc_engine_tasks}, {@code htc_engine_lane_depth}) and {@link MetricsSnapshot#progress()}
     * read {@code engine.progress()}. The engine must be the one this listener was registered with.
     *
     * @return this
     * @throws IllegalStateException if these metrics are not that engine's listener, or are bound to another engine
     */
    public EngineMetrics bind(Engine engine) {
        if (engine == null) {
            throw new IllegalArgumentException("engine must not be null");
        }
        Engine source = listensTo.get(); // set once, at its build: bound only ever to that engine
        if (source != engine) {
            throw new IllegalStateException(source == null
                ? "these metrics are not a listener of that engine: build it with EngineBuilder.listener(metrics)"
                : "these metrics are already bound to another engine: use one per engine");
        }
        this.engine.set(engine);
        return this;
    }

    /** The longest a scrape waits for the cluster's status, unless {@link #bindCluster(Cluster, Duration)} says. */
    public static final Duration DEFAULT_CLUSTER_STATUS_TIMEOUT = Duration.ofMillis(500);

    /** {@link #bindCluster(Cluster, Duration)} with {@link #DEFAULT_CLUSTER_STATUS_TIMEOUT}. */
    public EngineMetrics bindCluster(Cluster cluster) {
        return bindCluster(cluster, DEFAULT_CLUSTER_STATUS_TIMEOUT);
    }

    /**
     * Adds the cluster's gauges (per resource, pool, node and tenant; see docs/metrics.md), read from one
     * {@link Cluster#status()} report per scrape. A scrape waits for the report at most {@code timeout}; without
     * it, that scrape has no cluster figures and {@code htc_engine_cluster_status_misses_total} counts the miss. The
     * scheduler never waits for a scrape. In invoker mode the report comes only while someone drives the engine.
     *
     * @param timeout positive, at most 1 minute (binding the same cluster again changes nothing, timeout included)
     * @return this
     * @throws IllegalStateException if already bound to another cluster, or if it is not the cluster of the engine
     *                               these metrics listen to
     */
    public EngineMetrics bindCluster(Cluster cluster, Duration timeout) {
        if (cluster == null) {
            throw new IllegalArgumentException("cluster must not be null");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("timeout must be positive and at most 1 minute, was " + timeout);
        }
        Engine source = listensTo.get();
        if (source != null && source.cluster() != cluster) {
            throw new IllegalStateException("that cluster is not the cluster of the engine these metrics listen to");
        }
        if (!this.cluster.compareAndSet(null, new ClusterStatusReader(cluster, timeout))
            && this.cluster.get().cluster() != cluster) {
            throw new IllegalStateException("these metrics are already bound to another cluster: use one per engine");
        }
        return this;
    }

    /** @return the bound cluster's reader, or null. */
    ClusterStatusReader clusterReader() {
        return cluster.get();
    }

    /**
     * Switches per-task series on or off: when on, {@code hpc_job_cpu_usage_percent},
     * {@code hpc_job_memory_usage_bytes} and {@code hpc_job_gpu_usage_percent} have one series per running task that
     * reported usage (labels {@code task_id}, {@code name}), removed when it stops running. Off by default: one
     * unlabelled series each, aggregated over the running tasks, so cardinality stays bounded.
     *
     * @return this
     */
    public EngineMetrics perTaskUsageSeries(boolean on) {
        this.perTaskUsageSeries = on;
        return this;
    }

    boolean perTaskUsageSeries() {
        return perTaskUsageSeries;
    }

    /** Listener thread only: keeps the latest sample of a task that is running now; later ones are ignored. */
    @Override
    public void onUsage(io.htcengine.spi.UsageSample sample) {
        assert onWriterThread() : "EngineMetrics recorded from " + Thread.currentThread() + ", not " + writer;
        if (running.contains(sample.taskId())) {
            usage.put(sample.taskId(), sample);
        }
    }

    /** Any thread: the running tasks' latest samples. */
    java.util.Collection<io.htcengine.spi.UsageSample> runningSamples() {
        return usage.values();
    }

    /** Any thread: the running tasks' usage, aggregated. */
    RunningUsage runningUsage() {
        int n = 0;
        double cpu = 0;
        long memory = 0;
        double gpu = 0;
        for (io.htcengine.spi.UsageSample u : usage.values()) {
            n++;
            cpu += u.cpuPercent();
            memory += u.memoryBytes();
            gpu += u.gpuPercent();
        }
        return n == 0 ? RunningUsage.NONE : new RunningUsage(n, cpu / n, memory, gpu / n);
    }

    /** @return the registry that holds these metrics; scrape it, or serve it with {@link MetricsServer}. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /**
     * Also exposes these metrics through {@code other} (for example {@code PrometheusRegistry.defaultRegistry}).
     *
     * @throws IllegalStateException if {@code other} already holds metrics of these names: these (registered twice,
     *                               or their own {@link #registry()}) or another {@code EngineMetrics}'; a scrape of a
     *                               registry that held both would fail
     */
    public void registerWith(PrometheusRegistry other) {
        if (other == null) {
            throw new IllegalArgumentException("registry must not be null");
        }
        try {
            other.register(exposition);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalStateException("cannot register these metrics with that registry: it already holds metrics"
                + " named as these (one EngineMetrics per registry, registered once): " + e.getMessage(), e);
        }
    }

    /**
     * The engine built with these metrics as a listener: the first is kept, and a second is refused, since the
     * counters of two engines would mix (one instance serves one engine).
     */
    @Override
    public void onRegistered(Engine engine) {
        if (!listensTo.compareAndSet(null, engine) && listensTo.get() != engine) {
            throw new IllegalStateException("these metrics already listen to another engine: use one EngineMetrics per"
                + " engine");
        }
    }

    /** Listener thread only. */
    @Override
    public void onTransition(TaskEvent e) {
        assert onWriterThread() : "EngineMetrics recorded from " + Thread.currentThread() + ", not " + writer;
        TaskState from = e.from();
        TaskState to = e.to();
        long id = e.taskId();
        long nowNs = e.timeNs();
        transitions.incrementRelease(to, e.priority());
        tenants.incrementRelease(e.tenant(), to);
        if (from == TaskState.SUBMITTED) {
            admitted.setRelease(admitted.getPlain() + 1);
        }
        switch (to) {
            case QUEUED:
                enteredNs.put(id, nowNs);
                break;
            case RUNNING:
                onDispatch(id, e.attempt(), e.submitNs(), nowNs);
                running.add(id);
                break;
            case RETRY:
                onAttemptEnd(id, nowNs);
                break;
            case COMPLETED:
            case FAILED:
            case CANCELLED:
                if (from == TaskState.RUNNING) {
                    onAttemptEnd(id, nowNs);
                } else {
                    enteredNs.remove(id);
                }
                if (to != TaskState.CANCELLED) {
                    submitToComplete.recordNs(nowNs - e.submitNs());
                }
                finished.setRelease(finished.getPlain() + 1);
                break;
            default:
                break;
        }
    }

    private void onDispatch(long id, int attempt, long submitNs, long nowNs) {
        long queuedAtNs = enteredNs.put(id, nowNs);
        if (attempt <= 1) {
            queueWait.recordNs(nowNs - submitNs);
            if (queuedAtNs != MISSING) {
                schedulingDelay.recordNs(nowNs - queuedAtNs);
            }
        } else if (queuedAtNs != MISSING) {
            queueWait.recordNs(nowNs - queuedAtNs);
        }
    }

    private void onAttemptEnd(long id, long nowNs) {
        running.remove(id);
        usage.remove(id);
        long runningSinceNs = enteredNs.remove(id);
        if (runningSinceNs != MISSING) {
            runTime.recordNs(nowNs - runningSinceNs);
        }
    }

    private boolean onWriterThread() {
        Thread current = Thread.currentThread();
        if (writer == null) {
            writer = current;
        }
        return writer == current;
    }

    /**
     * @return every figure now; any thread but the engine's own (with a cluster bound, it waits for the cluster's
     *         status up to the bind's timeout, which the engine's threads could not answer meanwhile)
     */
    public MetricsSnapshot snapshot() {
        Map<TaskState, Long> byState = new EnumMap<>(TaskState.class);
        for (TaskState s : TaskState.values()) {
            byState.put(s, transitions.byStateAcquire(s));
        }
        Map<String, Map<TaskState, Long>> byTenant = new java.util.LinkedHashMap<>();
        for (TenantCounters.Tenant t : tenants.tenantsAcquire()) {
            Map<TaskState, Long> counts = new EnumMap<>(TaskState.class);
            for (TaskState s : TaskState.values()) {
                counts.put(s, t.getAcquire(s));
            }
            byTenant.put(t.name(), Map.copyOf(counts));
        }
        ClusterStatusReader reader = cluster.get();
        return new MetricsSnapshot(byState, admitted.getAcquire(), finished.getAcquire(), progress(),
            queueWait.summary(), schedulingDelay.summary(), runTime.summary(), submitToComplete.summary(),
            runningUsage(), byTenant, reader == null ? null : reader.read());
    }

    /** @return the bound engine's counts, or null when unbound. */
    Progress progress() {
        Engine bound = engine.get();
        return bound == null ? null : bound.progress();
    }

    TransitionCounters transitions() {
        return transitions;
    }

    TenantCounters tenants() {
        return tenants;
    }

    long admittedAcquire() {
        return admitted.getAcquire();
    }

    long finishedAcquire() {
        return finished.getAcquire();
    }

    LatencyHistogram queueWait() {
        return queueWait;
    }

    LatencyHistogram schedulingDelay() {
        return schedulingDelay;
    }

    LatencyHistogram runTime() {
        return runTime;
    }

    LatencyHistogram submitToComplete() {
        return submitToComplete;
    }
}
