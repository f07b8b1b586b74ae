package io.htcengine.metrics;

import io.htcengine.api.Engine;
import io.htcengine.api.ManualClock;
import io.htcengine.api.NodeSpec;
import io.htcengine.api.RetryPolicy;
import io.htcengine.api.TaskContext;
import io.htcengine.api.TaskHandle;
import io.htcengine.api.TaskSpec;
import io.htcengine.api.TaskState;
import io.htcengine.api.ThreadingMode;
import io.htcengine.spi.ManualExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The snapshot API on a deterministic engine: invoker mode, a manual clock, a node run by a ManualExecutor. */
@Timeout(30)
class EngineMetricsTest {
    private static final long MS = 1_000_000L;

    private final ManualClock clock = new ManualClock(1_000_000_000L);
    private final ManualExecutor executor = new ManualExecutor();
    private EngineMetrics metrics = EngineMetrics.create();
    private final Engine engine = Engine.builder()
        .threading(ThreadingMode.INVOKER)
        .clock(clock)
        .node(NodeSpec.withExecutor("manual", 1, executor))
        .listener(metrics)
        .build();

    @AfterEach
    void close() throws InterruptedException {
        engine.shutdownNow();
        executor.drain().forEach(e -> e.fail(new IllegalStateException("test over")));
        engine.awaitTermination(Duration.ofSeconds(10));
    }

    private static TaskSpec<Integer, Integer> echo() {
        return TaskSpec.of((Integer x, TaskContext c) -> x).priority(7).build();
    }

    private static void assertMicros(double expectedUs, double actualUs) {
        // HdrHistogram keeps 3 significant digits: reported values are within 0.1 % above the recorded one
        assertEquals(expectedUs, actualUs, expectedUs * 0.001 + 0.01, "µs");
    }

    @Test
    void latenciesFollowTheManualClock() {
        // one slot: A runs first, B waits for it
        TaskHandle<Integer> a = engine.submit(echo(), 1);
        TaskHandle<Integer> b = engine.submit(echo(), 2);
        clock.advanceNs(2 * MS);
        engine.runUntilIdle(100); // both admitted at +2 ms, A dispatched at +2 ms
        clock.advanceNs(3 * MS);
        assertEquals(1, executor.runAll());
        engine.runUntilIdle(100); // A completes at +5 ms, B dispatched at +5 ms
        clock.advanceNs(7 * MS);
        assertEquals(1, executor.runAll());
        engine.runUntilIdle(100); // B completes at +12 ms
        assertEquals(TaskState.COMPLETED, a.state());
        assertEquals(TaskState.COMPLETED, b.state());

        MetricsSnapshot s = metrics.snapshot();
        assertEquals(2, s.admitted());
        assertEquals(2, s.finished());
        assertEquals(2, s.count(TaskState.QUEUED));
        assertEquals(2, s.count(TaskState.RUNNING));
        assertEquals(2, s.count(TaskState.COMPLETED));
        assertEquals(0, s.count(TaskState.FAILED));

        assertEquals(2, s.queueWait().count());
        assertMicros(2_000, s.queueWait().p50Us());  // A: 2 ms
        assertMicros(5_000, s.queueWait().maxUs());  // B: 5 ms
        assertEquals(2, s.schedulingDelay().count());
        assertMicros(0, s.schedulingDelay().p50Us()); // A: admitted and dispatched in one cycle
        assertMicros(3_000, s.schedulingDelay().maxUs()); // B: admitted at +2, dispatched at +5
        assertEquals(2, s.runTime().count());
        assertMicros(3_000, s.runTime().p50Us());
        assertMicros(7_000, s.runTime().maxUs());
        assertEquals(2, s.submitToComplete().count());
        assertMicros(5_000, s.submitToComplete().p50Us());
        assertMicros(12_000, s.submitToComplete().p99Us());
        assertMicros(12_000, s.submitToComplete().maxUs());
        assertMicros(8_500, s.submitToComplete().meanUs());
    }

    @Test
    void retriesAndFailuresAreCountedPerAttempt() {
        TaskSpec<Integer, Integer> failing = TaskSpec.<Integer, Integer>of((Integer x, TaskContext c) -> {
            throw new IllegalStateException("attempt " + c.attempt() + " fails");
        }).retry(RetryPolicy.exponential(3, Duration.ofMillis(2), Duration.ofMillis(2))).build();
        TaskHandle<Integer> t = engine.submit(failing, 0);
        for (int i = 0; i < 100 && !t.state().isTerminal(); i++) {
            engine.runUntilIdle(100);
            executor.runAll();
            engine.runUntilIdle(100);
            clock.advanceNs(MS);
        }
        assertEquals(TaskState.FAILED, t.state());

        MetricsSnapshot s = metrics.snapshot();
        assertEquals(1, s.admitted());
        assertEquals(1, s.finished());
        assertEquals(3, s.count(TaskState.RUNNING));
        assertEquals(2, s.count(TaskState.RETRY));
        assertEquals(3, s.count(TaskState.QUEUED)); // admission, then twice after a backoff
        assertEquals(1, s.count(TaskState.FAILED));
        assertEquals(3, s.runTime().count());
        assertEquals(3, s.queueWait().count());
        assertEquals(1, s.schedulingDelay().count());
        assertEquals(1, s.submitToComplete().count());
    }

    @Test
    void aTaskCancelledInItsLaneIsAdmittedOnceAndHasNoLatency() {
        TaskHandle<Integer> t = engine.submit(echo(), 1);
        engine.shutdownNow(); // before the scheduler ran: cancelled at admission
        engine.runUntilIdle(100);
        assertEquals(TaskState.CANCELLED, t.state());

        MetricsSnapshot s = metrics.snapshot();
        assertEquals(1, s.admitted());
        assertEquals(1, s.finished());
        assertEquals(1, s.count(TaskState.CANCELLED));
        assertEquals(0, s.count(TaskState.RUNNING));
        assertEquals(LatencySummary.EMPTY, s.queueWait());
        assertEquals(LatencySummary.EMPTY, s.runTime());
        assertEquals(LatencySummary.EMPTY, s.submitToComplete()); // cancellations are left out
    }

    @Test
    void anAttemptCutShortStillHasARunTime() {
        TaskHandle<Integer> t = engine.submit(echo(), 1);
        engine.runUntilIdle(100); // dispatched, not run
        clock.advanceNs(4 * MS);
        engine.shutdownNow();
        engine.runUntilIdle(100);
        executor.drain().forEach(e -> e.fail(new IllegalStateException("interrupted")));
        engine.runUntilIdle(100);
        assertEquals(TaskState.CANCELLED, t.state());

        MetricsSnapshot s = metrics.snapshot();
        assertEquals(1, s.finished());
        assertEquals(1, s.count(TaskState.CANCELLED));
        assertEquals(1, s.runTime().count()); // RUNNING -> CANCELLED ends the attempt
        assertMicros(4_000, s.runTime().maxUs());
        assertEquals(0, s.submitToComplete().count());
    }

    @Test
    void prometheusBucketsPlaceEachValue() {
        TaskHandle<Integer> t = engine.submit(echo(), 3);
        engine.runUntilIdle(100);
        clock.advanceNs(3 * MS); // run time 3 ms: above the 2.5 ms bound, within 5 ms
        executor.runAll();
        engine.runUntilIdle(100);
        assertEquals(TaskState.COMPLETED, t.state());

        io.prometheus.metrics.model.snapshots.HistogramSnapshot runtime = metrics.registry().scrape().stream()
            .filter(m -> m.getMetadata().getName().equals("hpc_job_runtime_seconds"))
            .map(io.prometheus.metrics.model.snapshots.HistogramSnapshot.class::cast)
            .findFirst().orElseThrow();
        var point = runtime.getDataPoints().get(0);
        assertEquals(1, point.getCount());
        assertEquals(0.003, point.getSum(), 0.003 * 0.001);
        var buckets = point.getClassicBuckets();
        for (int i = 0; i < buckets.size(); i++) {
            long expected = buckets.getUpperBound(i) == 0.005 ? 1 : 0; // per bucket, not cumulative
            assertEquals(expected, buckets.getCount(i), "le=" + buckets.getUpperBound(i));
        }
    }

    @Test
    void progressOnlyOnceBound() {
        assertNull(metrics.snapshot().progress());
        metrics.bind(engine);
        metrics.bind(engine); // the same engine again: fine
        engine.submit(echo(), 1);
        engine.runUntilIdle(100);
        assertNotNull(metrics.snapshot().progress());
        assertEquals(1, metrics.snapshot().progress().running());

        Engine other = Engine.builder().threading(ThreadingMode.INVOKER).build();
        try {
            assertThrows(IllegalStateException.class, () -> metrics.bind(other));
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void oneEngineMetricsServesOneEngine() {
        IllegalStateException second = assertThrows(IllegalStateException.class,
            () -> Engine.builder().threading(ThreadingMode.INVOKER).listener(metrics).build());
        assertEquals("these metrics already listen to another engine: use one EngineMetrics per engine",
            second.getMessage());
        Engine other = Engine.builder().threading(ThreadingMode.INVOKER).build();
        try {
            IllegalStateException notItsListener = assertThrows(IllegalStateException.class,
                () -> EngineMetrics.create().bind(other));
            assertEquals("these metrics are not a listener of that engine: build it with EngineBuilder.listener(metrics)",
                notItsListener.getMessage());
            IllegalStateException otherCluster = assertThrows(IllegalStateException.class,
                () -> metrics.bindCluster(other.cluster()));
            assertEquals("that cluster is not the cluster of the engine these metrics listen to",
                otherCluster.getMessage());
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void registeringTwiceWithOneRegistryIsRefusedAtOnce() {
        io.prometheus.metrics.model.registry.PrometheusRegistry shared =
            new io.prometheus.metrics.model.registry.PrometheusRegistry();
        metrics.registerWith(shared);
        IllegalStateException again = assertThrows(IllegalStateException.class, () -> metrics.registerWith(shared));
        assertTrue(again.getMessage().startsWith("cannot register these metrics with that registry: it already holds"
            + " metrics named as these (one EngineMetrics per registry, registered once)"), again.getMessage());
        assertThrows(IllegalStateException.class, () -> EngineMetrics.create().registerWith(shared));
        assertThrows(IllegalStateException.class, () -> metrics.registerWith(metrics.registry()));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> metrics.registerWith(null));
        assertEquals("registry must not be null", none.getMessage());
        assertTrue(shared.scrape().size() > 0, "the registry still scrapes");
    }

    @Test
    void emptySnapshotFormats() {
        MetricsSnapshot s = metrics.snapshot();
        assertEquals(LatencySummary.EMPTY, s.runTime());
        assertTrue(s.format().contains("admitted=0"), s.format());
    }

    private io.prometheus.metrics.model.snapshots.GaugeSnapshot gauge(String name) {
        return (io.prometheus.metrics.model.snapshots.GaugeSnapshot) metrics.registry().scrape().stream()
            .filter(m -> m.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void resourceUsageOfRunningTasksIsAggregatedAndForgottenWhenTheyStop() {
        metrics = EngineMetrics.create(); // one EngineMetrics per engine
        Engine two = Engine.builder().threading(ThreadingMode.INVOKER).clock(clock)
            .node(NodeSpec.withExecutor("manual", 2, executor)).listener(metrics).build();
        try {
            two.submit(echo(), 1);
            two.submit(echo(), 2);
            two.runUntilIdle(100);
            var running = executor.drain();
            running.get(0).reportUsage(100.0, 1_000, 0);
            running.get(0).reportUsage(150.0, 3_000, 50.0); // the latest sample counts
            running.get(1).reportUsage(50.0, 1_000, 0);
            two.runUntilIdle(100);
            assertEquals(new RunningUsage(2, 100.0, 4_000, 25.0), metrics.snapshot().runningUsage());
            assertEquals(100.0, gauge("hpc_job_cpu_usage_percent").getDataPoints().get(0).getValue());
            assertEquals(4_000.0, gauge("hpc_job_memory_usage_bytes").getDataPoints().get(0).getValue());
            assertTrue(gauge("hpc_job_gpu_usage_percent").getDataPoints().get(0).getLabels().isEmpty(),
                "no per-task labels unless switched on");

            metrics.perTaskUsageSeries(true);
            var perTask = gauge("hpc_job_cpu_usage_percent").getDataPoints();
            assertEquals(2, perTask.size());
            assertEquals(java.util.Set.of(Long.toString(running.get(0).taskId()), Long.toString(running.get(1).taskId())),
                perTask.stream().map(d -> d.getLabels().get("task_id")).collect(java.util.stream.Collectors.toSet()));

            running.get(0).run();
            two.runUntilIdle(100);
            assertEquals(1, gauge("hpc_job_cpu_usage_percent").getDataPoints().size(), "a finished task's series goes");
            running.get(0).reportUsage(99.0, 1, 1); // late: the task is no longer running
            two.runUntilIdle(100);
            assertEquals(new RunningUsage(1, 50.0, 1_000, 0), metrics.snapshot().runningUsage());
            running.get(1).run();
            two.runUntilIdle(100);
            assertEquals(RunningUsage.NONE, metrics.snapshot().runningUsage());
        } finally {
            two.shutdownNow();
            two.runUntilIdle(100);
        }
    }
}
