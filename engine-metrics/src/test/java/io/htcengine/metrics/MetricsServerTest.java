package io.htcengine.metrics;

import io.htcengine.api.Engine;
import io.htcengine.api.RetryPolicy;
import io.htcengine.api.TaskContext;
import io.htcengine.api.TaskHandle;
import io.htcengine.api.TaskSpec;
import io.htcengine.api.TaskState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end: an engine on its own threads with metrics, the endpoint on an ephemeral port, tasks that complete,
 * fail, and succeed on retry; then /metrics is scraped over HTTP, parsed, and checked against what ran.
 */
class MetricsServerTest {
    private static final int TASKS = 60;
    private static final int MAX_ATTEMPTS = 3;

    @Test
    @Timeout(60)
    void scrapedFiguresMatchWhatRan() throws Exception {
        EngineMetrics metrics = EngineMetrics.create();
        Engine engine = Engine.builder().name("metrics-test").workerThreads(4).listener(metrics).build();
        metrics.bind(engine);
        MetricsServer server = MetricsServer.start(metrics, 0);
        try {
            assertTrue(server.port() > 0);
            // input % 6 == 0: fails every attempt; == 1: fails its first attempt only; else completes at once
            TaskSpec<Integer, Integer> spec = TaskSpec.<Integer, Integer>of((Integer x, TaskContext c) -> {
                if (x % 6 == 0 || (x % 6 == 1 && c.attempt() == 1)) {
                    throw new IllegalStateException("task " + x + " attempt " + c.attempt());
                }
                return x;
            }).retry(RetryPolicy.exponential(MAX_ATTEMPTS, Duration.ofMillis(1), Duration.ofMillis(2))).build();
            List<TaskHandle<Integer>> handles = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                handles.add(engine.submit(spec, i));
            }
            for (TaskHandle<Integer> h : handles) {
                h.future().handle((v, e) -> v).get(30, TimeUnit.SECONDS);
            }
            engine.close(); // waits until every event reached the listeners: the figures are final

            int alwaysFail = 0;
            int failOnce = 0;
            for (int i = 0; i < TASKS; i++) {
                alwaysFail += i % 6 == 0 ? 1 : 0;
                failOnce += i % 6 == 1 ? 1 : 0;
            }
            int failed = alwaysFail;
            int completed = TASKS - failed;
            int retries = alwaysFail * (MAX_ATTEMPTS - 1) + failOnce;
            int attempts = TASKS + retries;

            Map<String, Double> m = parse(scrape(server.port()));
            assertEquals(completed, m.get("hpc_job_state_total{state=\"COMPLETED\"}"));
            assertEquals(failed, m.get("hpc_job_state_total{state=\"FAILED\"}"));
            assertEquals(0, m.get("hpc_job_state_total{state=\"CANCELLED\"}"));
            assertEquals(retries, m.get("hpc_job_state_total{state=\"RETRY\"}"));
            assertEquals(attempts, m.get("hpc_job_state_total{state=\"RUNNING\"}"));
            assertEquals(TASKS + retries, m.get("hpc_job_state_total{state=\"QUEUED\"}"));
            assertEquals(TASKS, m.get("hpc_job_total"));
            assertEquals(attempts, m.get("htc_engine_transitions_total{priority=\"5\",state=\"RUNNING\"}"));

            assertHistogram(m, "hpc_job_runtime_seconds", attempts);
            assertHistogram(m, "htc_engine_queue_wait_seconds", attempts);
            assertHistogram(m, "htc_engine_scheduling_delay_seconds", TASKS);
            assertHistogram(m, "htc_engine_submit_to_complete_seconds", TASKS);

            assertEquals(completed, m.get("htc_engine_tasks{state=\"COMPLETED\"}"));
            assertEquals(failed, m.get("htc_engine_tasks{state=\"FAILED\"}"));
            assertEquals(0, m.get("htc_engine_tasks{state=\"RUNNING\"}"));
            assertEquals(0, m.get("htc_engine_lane_depth"));

            MetricsSnapshot s = metrics.snapshot(); // the Java API agrees with the scrape
            assertEquals(completed, s.count(TaskState.COMPLETED));
            assertEquals(attempts, s.runTime().count());
            assertEquals(TASKS, s.submitToComplete().count());

            server.close();
            assertThrows(IOException.class, () -> scrape(server.port()));
        } finally {
            server.close(); // idempotent
            engine.close();
        }
    }

    /** {@code _count}, the +Inf bucket and the bucket sequence agree, and the sum is not negative. */
    private static void assertHistogram(Map<String, Double> m, String name, long count) {
        assertEquals(count, m.get(name + "_count"), name + "_count");
        assertEquals(count, m.get(name + "_bucket{le=\"+Inf\"}"), name + " +Inf bucket");
        assertNotNull(m.get(name + "_sum"), name + "_sum");
        assertTrue(m.get(name + "_sum") >= 0, name + "_sum");
        double previous = 0;
        for (double le : PrometheusExposition.BUCKETS_SECONDS) {
            String key = m.keySet().stream().filter(k -> k.startsWith(name + "_bucket{le=\"")
                && le(k) == le).findFirst()
                .orElseThrow(() -> new AssertionError(name + " has no bucket le=" + le));
            double cumulative = m.get(key);
            assertTrue(cumulative >= previous, name + " buckets must not decrease at le=" + le);
            previous = cumulative;
        }
    }

    private static double le(String bucketSeries) {
        String value = bucketSeries.substring(bucketSeries.indexOf('"') + 1, bucketSeries.lastIndexOf('"'));
        return value.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(value);
    }

    private static String scrape(int port) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
            "Prometheus text format expected");
        return response.body();
    }

    /** The Prometheus text format, simply: one sample per line, {@code series value}; comments skipped. */
    private static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space).trim(), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }

    @Test
    @Timeout(30)
    void aBusyPortOrAHostWithAPortIsRefusedWithTheReason() throws IOException {
        EngineMetrics metrics = EngineMetrics.create();
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class,
                () -> MetricsServer.start(metrics, busy.getLocalPort()));
            assertTrue(e.getMessage().startsWith("could not serve metrics on 127.0.0.1:" + busy.getLocalPort() + ": "),
                e.getMessage());
            assertTrue(e.getMessage().endsWith("; choose another port, or 0 for any free one"), e.getMessage());
        }
        IllegalArgumentException withPort = assertThrows(IllegalArgumentException.class,
            () -> MetricsServer.start(metrics, "127.0.0.1:9400", 0));
        assertEquals("host must be a host name or an address, without a port, was '127.0.0.1:9400'",
            withPort.getMessage());
    }
}
