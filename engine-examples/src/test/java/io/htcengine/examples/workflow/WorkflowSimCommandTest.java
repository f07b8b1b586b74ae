package io.htcengine.examples.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.htcengine.examples.cli.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class WorkflowSimCommandTest {
    /** Rounding each runtime to whole nanoseconds moves sums by far less than this. */
    static final double EPS_S = 1e-6;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @ParameterizedTest
    @ValueSource(strings = {WfFormatLoaderTest.MONTAGE, WfFormatLoaderTest.FORK_JOIN, WfFormatLoaderTest.EPIGENOMICS})
    void noScheduleBeatsTheCriticalPathOrTheWorkOverTheCores(String file) throws IOException {
        WfWorkflow workflow = WfFormatLoader.load(WfFormatLoaderTest.sample(file));
        for (int cores : new int[] {1, 2, 3, 4, 8, 16}) {
            WorkflowSimCommand.Result r = WorkflowSimCommand.simulate(workflow, cores);
            assertTrue(r.makespanS() >= r.criticalPathS() - EPS_S, cores + " cores: " + r);
            assertTrue(r.makespanS() >= r.workBoundS() - EPS_S, cores + " cores: " + r);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {WfFormatLoaderTest.MONTAGE, WfFormatLoaderTest.FORK_JOIN, WfFormatLoaderTest.EPIGENOMICS})
    void withACoreForEveryTaskTheMakespanIsTheCriticalPath(String file) throws IOException {
        WfWorkflow workflow = WfFormatLoader.load(WfFormatLoaderTest.sample(file));
        WorkflowSimCommand.Result r = WorkflowSimCommand.simulate(workflow, 1_000_000);
        assertEquals(r.criticalPathS(), r.makespanS(), EPS_S);
    }

    @ParameterizedTest
    @ValueSource(strings = {WfFormatLoaderTest.MONTAGE, WfFormatLoaderTest.FORK_JOIN, WfFormatLoaderTest.EPIGENOMICS})
    void oneCoreRunsAllTheWorkBackToBack(String file) throws IOException {
        // some task is always ready while the DAG is unfinished, so one core never idles
        WorkflowSimCommand.Result r = WorkflowSimCommand.simulate(WfFormatLoader.load(WfFormatLoaderTest.sample(file)), 1);
        assertEquals(r.totalWorkS(), r.makespanS(), EPS_S);
    }

    @Test
    void theCommandPrintsTheMeasuresAsJsonLast() throws Exception {
        String forkJoin = WfFormatLoaderTest.sample(WfFormatLoaderTest.FORK_JOIN).toString();

        int code = new WorkflowSimCommand().run(new String[] {"--wfcommons", forkJoin, "--cores", "1000", "--json"},
            out, err);

        String text = outBytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, () -> text + errBytes.toString(StandardCharsets.UTF_8));
        String[] lines = text.strip().split("\\R");
        JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
        Set<String> names = new java.util.HashSet<>();
        json.fieldNames().forEachRemaining(names::add);
        assertEquals(Set.of("tasks", "edges", "cores", "makespan_s", "critical_path_s", "total_work_s"), names);
        assertEquals(10, json.get("tasks").intValue());
        assertEquals(16, json.get("edges").intValue());
        assertEquals(307.36, json.get("critical_path_s").doubleValue(), 1e-9);
        assertEquals(307.36, json.get("makespan_s").doubleValue(), 1e-9);
        assertEquals(1028.704, json.get("total_work_s").doubleValue(), 1e-9);
    }

    @Test
    void badArgumentsNameTheOption() {
        String montage = WfFormatLoaderTest.sample(WfFormatLoaderTest.MONTAGE).toString();
        assertUsage("--wfcommons is required: --wfcommons FILE", "--cores", "4");
        assertUsage("--cores is required: --cores N", "--wfcommons", montage);
        assertUsage("--cores must be a whole number from 1 to 16,777,216, was 0", "--wfcommons", montage, "--cores", "0");
        assertUsage("--wfcommons: no such file: /no/such.json", "--wfcommons", "/no/such.json", "--cores", "4");
    }

    @Test
    void aDirectoryIsNotAWorkflow(@TempDir Path dir) {
        assertUsage("--wfcommons: " + dir + " is a directory, not a file", "--wfcommons", dir.toString(), "--cores", "4");
    }

    @Test
    void aBadFileIsAUsageErrorNamingTheOptionTheFileAndTheTask(@TempDir Path dir) throws IOException {
        Path bad = java.nio.file.Files.writeString(dir.resolve("bad.json"), WfFormatLoaderTest.document(
            WfFormatLoaderTest.tasks(WfFormatLoaderTest.task("a", "[\"ghost\"]", "[]")),
            WfFormatLoaderTest.run("a", "\"runtimeInSeconds\": 1")));

        assertEquals(2, io.htcengine.examples.Htc.run(new String[] {"workflow", "--wfcommons", bad.toString(), "--cores",
            "4"}, out, err));
        assertEquals("htc workflow: --wfcommons: " + bad + ": task 'a': unknown parent 'ghost': no task of "
            + "workflow.specification.tasks has that id\n./htc workflow --help lists its options\n",
            errBytes.toString(StandardCharsets.UTF_8));
        assertEquals("", outBytes.toString(StandardCharsets.UTF_8));
    }

    private void assertUsage(String expected, String... args) {
        UsageException e = assertThrows(UsageException.class, () -> new WorkflowSimCommand().run(args, out, err));
        assertEquals(expected, e.getMessage());
    }
}
