package io.htcengine.metrics;

import io.htcengine.api.ClusterStatus;
import io.htcengine.api.Engine;
import io.htcengine.api.NodeSpec;
import io.htcengine.api.PoolSpec;
import io.htcengine.api.Resources;
import io.htcengine.api.TaskContext;
import io.htcengine.api.TaskSpec;
import io.htcengine.api.ThreadingMode;
import io.htcengine.spi.ManualExecutor;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster gauges against a cluster whose state is known: an engine on its own threads with one static node and
 * one pool node, both run by {@link ManualExecutor}s that hold what is dispatched to them, and tasks of two tenants,
 * one of them capped by a quota.
 */
class ClusterGaugesTest {
    private static final long GIB = 1L << 30;

    @Test
    @Timeout(30)
    void gaugesShowWhatTheClusterHolds() throws Exception {
        ManualExecutor onA = new ManualExecutor();
        ManualExecutor onPool = new ManualExecutor();
        EngineMetrics metrics = EngineMetrics.create();
        Engine engine = Engine.builder().name("cluster-gauges")
            .node(NodeSpec.withExecutor("a", 8, onA).withCapacity(Resources.of(4_000, 8 * GIB)))
            .pool(PoolSpec.builder("p").template(NodeSpec.withExecutor("p", 8, onPool)
                .withCapacity(Resources.of(2_000, 4 * GIB))).min(1).max(3).build())
            .quota("team-b", Resources.of(1_000, 8 * GIB))
            .listener(metrics).build();
        metrics.bind(engine).bindCluster(engine.cluster());
        try {
            awaitStatus(engine, s -> s.node("p-1") != null && s.pool("p").size() == 1);
            TaskSpec<Integer, Integer> teamA = task("team-a", 5);
            TaskSpec<Integer, Integer> teamB = task("team-b", 9);
            // team-b first: one runs on a (best fit: the first node added wins among empty ones), one waits for quota
            engine.submit(teamB, 1);
            engine.submit(teamB, 2);
            awaitStatus(engine, s -> s.quotaBlockedTasks() == 1 && s.node("a").runningTasks() == 1);
            // team-a: three more fill a (best fit keeps filling the fuller node), two fill p-1, two wait for room
            for (int i = 0; i < 7; i++) {
                engine.submit(teamA, i);
            }
            awaitStatus(engine, s -> s.pendingTasks() == 2);

            Map<String, Double> m = scrape(metrics);
            assertEquals(6.0, m.get("htc_engine_resource_capacity{resource=\"cpu\",unit=\"core\"}"));
            assertEquals(6.0, m.get("htc_engine_resource_allocated{resource=\"cpu\",unit=\"core\"}"));
            assertEquals(0.0, m.get("htc_engine_resource_free{resource=\"cpu\",unit=\"core\"}"));
            assertEquals(2.0, m.get("htc_engine_resource_pending_demand{resource=\"cpu\",unit=\"core\"}"));
            assertEquals(1.0, m.get("htc_engine_resource_utilisation_ratio{resource=\"cpu\"}"));
            assertEquals(12.0 * GIB, m.get("htc_engine_resource_capacity{resource=\"memory\",unit=\"byte\"}"));
            assertEquals(6.0 * GIB, m.get("htc_engine_resource_allocated{resource=\"memory\",unit=\"byte\"}"));
            // free memory: 4 GiB on a, 2 GiB on p-1: 1 - 4/6 of it is scattered
            assertEquals(1 - 4.0 / 6, m.get("htc_engine_resource_fragmentation_ratio{resource=\"memory\"}"), 1e-9);
            assertEquals(16.0, m.get("htc_engine_resource_capacity{resource=\"slots\",unit=\"integer\"}"));
            assertEquals(6.0, m.get("htc_engine_resource_allocated{resource=\"slots\",unit=\"integer\"}"));

            assertEquals(2.0, m.get("htc_engine_cluster_waiting_tasks{reason=\"no_room\"}"));
            assertEquals(1.0, m.get("htc_engine_cluster_waiting_tasks{reason=\"quota\"}"));
            assertEquals(0.0, m.get("htc_engine_cluster_waiting_tasks{reason=\"unschedulable\"}"));
            assertEquals(0.0, m.get("htc_engine_cluster_waiting_allocations"));

            assertEquals(1.0, m.get("htc_engine_node_state{node=\"a\",pool=\"default\",state=\"UP\"}"));
            assertEquals(0.0, m.get("htc_engine_node_state{node=\"a\",pool=\"default\",state=\"DRAINING\"}"));
            assertEquals(4.0, m.get("htc_engine_node_running_tasks{node=\"a\",pool=\"default\"}"));
            assertEquals(2.0, m.get("htc_engine_node_running_tasks{node=\"p-1\",pool=\"p\"}"));
            assertEquals(4.0, m.get("htc_engine_node_allocated{node=\"a\",pool=\"default\",resource=\"cpu\",unit=\"core\"}"));
            assertEquals(2.0, m.get("htc_engine_node_capacity{node=\"p-1\",pool=\"p\",resource=\"cpu\",unit=\"core\"}"));
            assertEquals(8.0, m.get("htc_engine_node_capacity{node=\"p-1\",pool=\"p\",resource=\"slots\",unit=\"integer\"}"));
            assertNull(m.get("htc_engine_node_capacity{node=\"a\",pool=\"default\",resource=\"gpu\",unit=\"integer\"}"),
                "a node has series only for the resources it has");

            assertEquals(1.0, m.get("htc_engine_pool_size{pool=\"p\"}"));
            assertEquals(1.0, m.get("htc_engine_pool_min_nodes{pool=\"p\"}"));
            assertEquals(3.0, m.get("htc_engine_pool_max_nodes{pool=\"p\"}"));
            assertEquals(1.0, m.get("htc_engine_pool_nodes{pool=\"p\",state=\"UP\"}"));
            assertEquals(0.0, m.get("htc_engine_pool_nodes{pool=\"p\",state=\"PROVISIONING\"}"));
            assertEquals(2.0, m.get("htc_engine_pool_pending_tasks{pool=\"p\"}"));
            assertTrue(m.get("htc_engine_pool_queue_wait_p99_seconds{pool=\"p\"}") >= 0);
            assertEquals(2.0, m.get("htc_engine_pool_resource_allocated{pool=\"p\",resource=\"cpu\",unit=\"core\"}"));
            assertEquals(0.0, m.get("htc_engine_pool_node_failures_total{pool=\"p\"}"));

            assertEquals(5.0, m.get("htc_engine_tenant_allocated{resource=\"cpu\",tenant=\"team-a\",unit=\"core\"}"));
            assertEquals(1.0, m.get("htc_engine_tenant_allocated{resource=\"cpu\",tenant=\"team-b\",unit=\"core\"}"));
            assertEquals(5.0, m.get("htc_engine_tenant_transitions_total{state=\"RUNNING\",tenant=\"team-a\"}"));
            assertEquals(7.0, m.get("htc_engine_tenant_transitions_total{state=\"QUEUED\",tenant=\"team-a\"}"));
            assertEquals(1.0, m.get("htc_engine_tenant_transitions_total{state=\"RUNNING\",tenant=\"team-b\"}"));
            assertEquals(0.0, m.get("htc_engine_cluster_status_misses_total"));

            // the Java snapshot holds the same figures
            MetricsSnapshot snap = metrics.snapshot();
            assertEquals(5L, snap.byTenant().get("team-a").get(io.htcengine.api.TaskState.RUNNING));
            assertEquals(1L, snap.byTenant().get("team-b").get(io.htcengine.api.TaskState.RUNNING));
            assertEquals(6000, snap.cluster().resource("cpu").allocated());
            assertEquals(2, snap.cluster().pendingTasks());
            assertEquals(1, snap.cluster().pool("p").size());

            // a failed node: its two tasks go back to the queue, and the figures say so
            assertEquals(2, engine.cluster().markFailed("p-1").get(10, TimeUnit.SECONDS));
            onPool.drain().forEach(e -> e.fail(new IllegalStateException("node failed")));
            Map<String, Double> after = scrape(metrics);
            assertEquals(2.0, after.get("htc_engine_node_failure_requeues_total"));
            assertEquals(1.0, after.get("htc_engine_pool_node_failures_total{pool=\"p\"}"));
        } finally {
            engine.shutdownNow();
            onA.drain().forEach(e -> e.fail(new IllegalStateException("test over")));
            onPool.drain().forEach(e -> e.fail(new IllegalStateException("test over")));
            engine.awaitTermination(Duration.ofSeconds(10));
        }
    }

    @Test
    @Timeout(30)
    void aScrapeDoesNotWaitForAnEngineNobodyDrives() throws Exception {
        EngineMetrics metrics = EngineMetrics.create();
        Engine engine = Engine.builder().threading(ThreadingMode.INVOKER).listener(metrics).build();
        metrics.bindCluster(engine.cluster(), Duration.ofMillis(50));
        try {
            long startNs = System.nanoTime();
            Map<String, Double> m = scrape(metrics);
            assertTrue(System.nanoTime() - startNs < TimeUnit.SECONDS.toNanos(5));
            assertEquals(1.0, m.get("htc_engine_cluster_status_misses_total"));
            assertFalse(m.keySet().stream().anyMatch(k -> k.startsWith("htc_engine_resource_")), m.toString());
        } finally {
            engine.shutdownNow();
            engine.awaitTermination(Duration.ofSeconds(10));
        }
    }

    @Test
    void bindingChecksItsArguments() throws InterruptedException {
        EngineMetrics metrics = EngineMetrics.create();
        Engine one = Engine.builder().threading(ThreadingMode.INVOKER).build();
        Engine two = Engine.builder().threading(ThreadingMode.INVOKER).build();
        try {
            assertThrows(IllegalArgumentException.class, () -> metrics.bindCluster(null));
            assertEquals("timeout must be positive and at most 1 minute, was PT0S", assertThrows(
                IllegalArgumentException.class, () -> metrics.bindCluster(one.cluster(), Duration.ZERO)).getMessage());
            metrics.bindCluster(one.cluster());
            metrics.bindCluster(one.cluster()); // the same again: nothing changes
            assertThrows(IllegalStateException.class, () -> metrics.bindCluster(two.cluster()));
        } finally {
            one.shutdownNow();
            two.shutdownNow();
            one.awaitTermination(Duration.ofSeconds(10));
            two.awaitTermination(Duration.ofSeconds(10));
        }
    }

    @Test
    void tenantsBeyondTheCapShareOneSeries() {
        TenantCounters counters = new TenantCounters();
        for (int i = 0; i < TenantCounters.MAX_TENANTS + 5; i++) {
            counters.incrementRelease("t" + i, io.htcengine.api.TaskState.COMPLETED);
        }
        assertEquals(TenantCounters.MAX_TENANTS + 1, counters.tenantsAcquire().size());
        TenantCounters.Tenant other = counters.tenantsAcquire().get(TenantCounters.MAX_TENANTS);
        assertEquals(TenantCounters.OTHER, other.name());
        assertEquals(5, other.getAcquire(io.htcengine.api.TaskState.COMPLETED));
    }

    private static TaskSpec<Integer, Integer> task(String tenant, int priority) {
        return TaskSpec.of((Integer x, TaskContext c) -> x).tenant(tenant).priority(priority)
            .resources(Resources.of(1_000, GIB)).build();
    }

    /**
     * Asks the engine for its status until it shows the condition: each answer is a future the scheduler completes
     * after one of its cycles, so this waits on the engine itself, never on a timer.
     */
    private static void awaitStatus(Engine engine, Predicate<ClusterStatus> condition) throws Exception {
        long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        ClusterStatus s;
        while (!matches(s = engine.cluster().status().get(10, TimeUnit.SECONDS), condition)) {
            if (System.nanoTime() - deadlineNs > 0) {
                throw new AssertionError("the cluster did not reach the expected state: " + s);
            }
        }
    }

    private static boolean matches(ClusterStatus s, Predicate<ClusterStatus> condition) {
        try {
            return condition.test(s);
        } catch (IllegalArgumentException e) { // a node or pool not there yet
            return false;
        }
    }

    /** The registry in the Prometheus text format, as {@code series → value}. */
    private static Map<String, Double> scrape(EngineMetrics metrics) throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        new PrometheusTextFormatWriter(false).write(text, metrics.registry().scrape());
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space).trim(), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return samples;
    }
}
