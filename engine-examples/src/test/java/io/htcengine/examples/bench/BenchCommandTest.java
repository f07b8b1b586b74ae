package io.htcengine.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.htcengine.examples.Htc;
import io.htcengine.examples.cli.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./htc bench} without running JMH: the results-file summary, the JMH command line, and argument errors. */
class BenchCommandTest {
    private static final String SAMPLE = "sample-results.json";
    /** Surefire runs in the module directory; the repository root is its parent. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private static String sample() throws IOException {
        try (InputStream in = BenchCommandTest.class.getResourceAsStream(SAMPLE)) {
            assertTrue(in != null, SAMPLE + " is missing from the test class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void summaryIsKeyedByScenarioThenPeerInTheTablesOrder() throws IOException {
        JsonNode json = new ObjectMapper().readTree(BenchSummary.parse(sample()).toJson());

        assertEquals(List.of("S1", "S2", "S3.chains", "S3.randomLayered", "S4", "alloc"), fieldNames(json));
        assertEquals(List.of("engine", "tpe_pbq"), fieldNames(json.get("S1")));
        assertEquals(1500000.25, json.at("/S1/engine/score").doubleValue(), 1e-9);
        assertEquals("ops/s", json.at("/S1/engine/unit").textValue());
        assertEquals(14286304.8, json.at("/S2/forkjoin/score").doubleValue(), 1e-9);
        assertEquals(900000, json.at("/S3.chains/engine/score").doubleValue(), 1e-9);
        assertEquals(1000000, json.at("/S3.randomLayered/engine/score").doubleValue(), 1e-9);
        // S4: the p99 is the score; the engine's row had no latency results (run without the profiler): left out.
        assertEquals(List.of("tpe"), fieldNames(json.get("S4")));
        assertEquals(40.5, json.at("/S4/tpe/score").doubleValue(), 1e-9);
        assertEquals("us", json.at("/S4/tpe/unit").textValue());
        assertEquals(11.887, json.at("/S4/tpe/p50").doubleValue(), 1e-9);
        assertEquals(120.25, json.at("/S4/tpe/p99.9").doubleValue(), 1e-9);
        assertEquals(112.5, json.at("/alloc/engine/score").doubleValue(), 1e-9);
        assertEquals("B/op", json.at("/alloc/engine/unit").textValue());
        assertEquals(33, json.at("/alloc/tpe_pbq/score").doubleValue(), 1e-9);
    }

    @Test
    void scoresAreWrittenPlainlyWithoutExponents() throws IOException {
        String json = BenchSummary.parse(sample()).toJson();
        assertTrue(json.contains("\"score\":14286304.8"), json);
        assertFalse(json.contains("E7"), json);
    }

    @Test
    void oneShapeKeepsThePlainScenarioKeyAndTheTextShowsRatios() throws IOException {
        String oneShape = sample().replace("\"shape\": \"chains\"", "\"shape\": \"randomLayered\"");
        BenchSummary summary = BenchSummary.parse(oneShape);
        JsonNode json = new ObjectMapper().readTree(summary.toJson());
        assertTrue(json.has("S3"), json.toString());

        summary.printText(out);
        String text = outBytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("S1                   engine / tpe_pbq = 0.75"), text);
    }

    @Test
    void s6KeysEachDurabilityModeAsAPeerBesideTheInMemoryBaseline() throws IOException {
        String s6 = "[" + durableResult("ASYNC", 150000.5) + "," + durableResult("SYNC", 5000.0) + ","
            + "{\"benchmark\": \"io.htcengine.jmh.DurableThroughputBenchmark.inMemory\","
            + " \"params\": {\"workers\": \"2\"},"
            + " \"primaryMetric\": {\"score\": 750000.0, \"scoreUnit\": \"ops/s\"}, \"secondaryMetrics\": {}}]";
        BenchSummary summary = BenchSummary.parse(s6);
        JsonNode json = new ObjectMapper().readTree(summary.toJson());

        assertEquals(List.of("S6"), fieldNames(json));
        assertEquals(List.of("engine_async", "engine_sync", "in_memory"), fieldNames(json.get("S6")));
        assertEquals(150000.5, json.at("/S6/engine_async/score").doubleValue(), 1e-9);
        assertEquals(5000, json.at("/S6/engine_sync/score").doubleValue(), 1e-9);
        assertEquals("ops/s", json.at("/S6/in_memory/unit").textValue());

        summary.printText(out);
        String text = outBytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("S6                   engine_async / in_memory = 0.20"), text);
        assertTrue(text.contains("S6                   engine_sync / in_memory = 0.01"), text);
    }

    private static String durableResult(String durability, double score) {
        return "{\"benchmark\": \"io.htcengine.jmh.DurableThroughputBenchmark.durable\","
            + " \"params\": {\"durability\": \"" + durability + "\", \"sync\": \"FULL\", \"workers\": \"2\"},"
            + " \"primaryMetric\": {\"score\": " + score
            + ", \"scoreUnit\": \"ops/s\"}, \"secondaryMetrics\": {}}";
    }

    @Test
    void aDocumentThatIsNotAResultsArrayIsAnError() {
        assertThrows(IOException.class, () -> BenchSummary.parse("{\"benchmark\": 1}"));
    }

    @Test
    void theJmhCommandLineSelectsTheSuiteAndWritesJson() {
        Path results = Path.of("/tmp/r.json");
        List<String> quick = JmhLauncher.jmhArguments(true, results);
        assertEquals(ScenarioTable.INCLUDE, quick.get(0));
        assertTrue(String.join(" ", quick).contains("-f 1 -wi 1 -w 1s -i 1 -r 1s"), quick.toString());
        assertTrue(String.join(" ", quick).endsWith("-rf json -rff /tmp/r.json"), quick.toString());
        assertTrue(quick.contains("io.htcengine.jmh.LatencyProfiler"), quick.toString());
        assertFalse(JmhLauncher.jmhArguments(false, results).contains("shape=randomLayered"));
        for (ScenarioTable.Row row : ScenarioTable.ROWS) {
            assertTrue(("io.htcengine.jmh." + row.benchmark()).matches(ScenarioTable.INCLUDE + ".*"), row.toString());
        }
        {
            assertTrue(!"io.htcengine.jmh.DagBenchmark.dexecutor".matches(ScenarioTable.INCLUDE),
                "the minutes-long Dexecutor side is not part of the suite");
        }
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertEquals(Htc.USAGE, Htc.run(new String[] {"bench", "--fast"}, out, err));
        assertTrue(errBytes.toString(StandardCharsets.UTF_8).contains("unknown option '--fast'"),
            errBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFlagWithAValueIsAUsageError() {
        assertThrows(UsageException.class, () -> new BenchCommand().run(new String[] {"--quick=yes"}, out, err));
    }

    @Test
    void aRootWithoutTheJmhModuleIsAUsageError(@TempDir Path dir) {
        UsageException e = assertThrows(UsageException.class,
            () -> new BenchCommand().run(new String[] {"--root", dir.toString()}, out, err));
        assertTrue(e.getMessage().contains("holds no jmh/pom.xml"), e.getMessage());
    }

    @Test
    void anOutputFileInAMissingDirectoryIsAUsageError(@TempDir Path dir) {
        String out = dir.resolve("missing/results.json").toString();
        UsageException e = assertThrows(UsageException.class,
            () -> new BenchCommand().run(new String[] {"--root", ROOT.toString(), "--out", out}, this.out, err));
        assertTrue(e.getMessage().contains("no such directory"), e.getMessage());
    }

    @Test
    void anEmptyOrDirectoryOutputFileIsAUsageError(@TempDir Path dir) {
        UsageException e = assertThrows(UsageException.class,
            () -> new BenchCommand().run(new String[] {"--root", ROOT.toString(), "--out="}, this.out, err));
        assertEquals("--out must be a file path, was ''", e.getMessage());
        e = assertThrows(UsageException.class,
            () -> new BenchCommand().run(new String[] {"--root", ROOT.toString(), "--out", dir.toString()}, this.out, err));
        assertEquals("--out: " + dir + " is a directory, not a file", e.getMessage());
    }

    @Test
    void theDefaultResultsFileIsUnderTheJmhModule() {
        assertEquals(ROOT.resolve("jmh/target/bench-results.json"), BenchCommand.resultsFile(ROOT, null));
        assertTrue(Files.isRegularFile(BenchCommand.root(null).resolve("jmh/pom.xml")));
    }

    @Test
    void helpListsTheOptions() throws Exception {
        assertEquals(0, new BenchCommand().run(new String[] {"--help"}, out, err));
        String text = outBytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("--quick") && text.contains("--json") && text.contains("--out"), text);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
