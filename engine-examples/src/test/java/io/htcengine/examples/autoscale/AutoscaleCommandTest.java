package io.htcengine.examples.autoscale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.htcengine.examples.cli.UsageException;
import io.htcengine.metrics.EngineMetrics;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AutoscaleCommandTest {
    /** One burst that one node would take over a second to run, a pool that grows within ~0.2 s, a short gap. */
    private static final String[] SMALL = {"--bursts", "1", "--burst-tasks", "24", "--task-ms", "100", "--gap-ms",
        "900", "--startup-ms", "100", "--scale-up-ms", "50", "--scale-down-ms", "300", "--sample-ms", "50", "--json"};

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @Test
    @Timeout(30)
    void thePoolGrowsUnderABurstAndShrinksAfterItAndEveryTaskCompletes() throws Exception {
        int code = new AutoscaleCommand().run(SMALL, out, err);

        String text = outBytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, () -> text + errBytes.toString(StandardCharsets.UTF_8));
        String[] lines = text.strip().split("\\R");
        JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
        int tasks = json.get("tasks").intValue();
        assertTrue(tasks >= 12 && tasks <= 36, text);
        assertEquals(tasks, json.get("completed").intValue(), text);
        assertTrue(json.get("peak_nodes").intValue() > 1, text);
        assertTrue(json.get("final_nodes").intValue() < json.get("peak_nodes").intValue(), text);
        assertTrue(json.get("scale_ups").intValue() >= 1 && json.get("scale_downs").intValue() >= 1, text);
        assertTrue(json.get("grew_and_shrank").booleanValue(), text);
        assertEquals(8, json.get("pool_max").intValue());
        assertTrue(lines[2].matches(" +\\d+\\.\\d\\ds  nodes +\\d+ \\(up +\\d+ prov +\\d+ drain +\\d+\\)  cpu +\\d+%  "
            + "pending +\\d+ tasks +\\d+\\.\\d cores  done +\\d+/\\d+"), lines[2]);
    }

    @Test
    @Timeout(30)
    void theReportSeesTheSamplesItWasGiven() throws Exception {
        List<PoolSample> seen = new ArrayList<>();
        AutoscaleSettings s = AutoscaleSettings.parse(AutoscaleSettings.OPTIONS.parse(SMALL));
        BurstPlan plan = BurstPlan.draw(s.bursts(), s.burstTasks(), s.taskMs(), s.seed());

        EngineMetrics metrics = EngineMetrics.create();
        List<Double> scrapedPoolSizes = new ArrayList<>();

        AutoscaleReport report = AutoscaleRun.run(s, plan, metrics, sample -> {
            seen.add(sample);
            for (MetricSnapshot m : metrics.registry().scrape()) {
                if (m.getMetadata().getName().equals("htc_engine_pool_size")) {
                    m.getDataPoints().forEach(p -> scrapedPoolSizes.add(((GaugeSnapshot.GaugeDataPointSnapshot) p).getValue()));
                }
            }
        });

        assertEquals(seen, report.samples());
        assertEquals(seen.size(), scrapedPoolSizes.size(), "one pool, and its gauge in every scrape");
        assertTrue(scrapedPoolSizes.stream().anyMatch(size -> size > 1), scrapedPoolSizes.toString());
        assertTrue(report.allCompleted(), report.toString());
        for (PoolSample sample : seen) {
            assertTrue(sample.nodes() >= 1 && sample.nodes() <= s.maxNodes(), sample.toString());
            assertTrue(sample.up() + sample.provisioning() + sample.draining() <= sample.nodes(), sample.toString());
            assertEquals(sample.pendingTasks() * 1_000L, sample.pendingCpuMillis(), sample.toString());
        }
    }

    @Test
    void theSameSeedDrawsTheSameWorkload() {
        BurstPlan a = BurstPlan.draw(3, 100, 80, 7);
        BurstPlan b = BurstPlan.draw(3, 100, 80, 7);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(a.taskMs(i), b.taskMs(i));
            assertTrue(a.taskMs(i).length >= 50 && a.taskMs(i).length <= 150);
            for (int ms : a.taskMs(i)) {
                assertTrue(ms >= 40 && ms <= 120, Integer.toString(ms));
            }
        }
        assertEquals(1, BurstPlan.draw(1, 1, 1, 0).tasks());
    }

    @Test
    void badArgumentsNameTheOption() {
        assertMessage("--bursts must be a whole number from 1 to 100, was 0", "--bursts", "0");
        assertMessage("--max-nodes must be a whole number from 1 to 256, was 1,000", "--max-nodes", "1000");
        assertMessage("--task-ms must be a whole number from 1 to 60,000, was 'fast'", "--task-ms=fast");
        assertMessage("--sample-ms must be a whole number from 10 to 60,000, was 5", "--sample-ms", "5");
        assertMessage("unknown option '--nodes'; allowed options: --bursts, --burst-tasks, --task-ms, --gap-ms, "
            + "--max-nodes, --startup-ms, --scale-up-ms, --scale-down-ms, --sample-ms, --seed, --metrics-port, --json, --help",
            "--nodes", "3");
    }

    @Test
    @Timeout(10)
    void aBusyMetricsPortIsAUsageErrorBeforeAnythingRuns() throws Exception {
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = busy.getLocalPort();
            assertMessage("--metrics-port: could not serve metrics on 127.0.0.1:" + port + ": Address already in use; "
                + "choose another --metrics-port, or 0 for any free one", "--metrics-port", Integer.toString(port));
            assertEquals("", outBytes.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void helpListsTheOptions() throws Exception {
        assertEquals(0, new AutoscaleCommand().run(new String[] {"--help"}, out, err));

        String help = outBytes.toString(StandardCharsets.UTF_8);
        assertTrue(help.contains("usage: ./htc autoscale [--bursts N] [--burst-tasks N] [--task-ms MS] [--gap-ms MS] "
            + "[--max-nodes N]"), help);
    }

    private void assertMessage(String expected, String... args) {
        UsageException e = assertThrows(UsageException.class, () -> new AutoscaleCommand().run(args, out, err));
        assertEquals(expected, e.getMessage());
    }
}
