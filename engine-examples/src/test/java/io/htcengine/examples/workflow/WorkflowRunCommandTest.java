package io.htcengine.examples.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.htcengine.examples.cli.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkflowRunCommandTest {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @Test
    @Timeout(60)
    void forkJoinRunsInDependencyOrderAndNoFasterThanItsCriticalPath() throws Exception {
        Path forkJoin = WfFormatLoaderTest.sample(WfFormatLoaderTest.FORK_JOIN);

        int code = new WorkflowRunCommand().run(new String[] {"--file", forkJoin.toString(), "--workers", "4", "--json"},
            out, err);

        String text = outBytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, () -> text + errBytes.toString(StandardCharsets.UTF_8));
        String[] lines = text.strip().split("\\R");
        JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertEquals(Set.of("tasks", "edges", "makespan_ms", "critical_path_ms", "workers", "order_ok"),
            Set.copyOf(iterable(json.fieldNames())));
        assertEquals(10, json.get("tasks").intValue());
        assertEquals(16, json.get("edges").intValue());
        assertEquals(4, json.get("workers").intValue());
        assertTrue(json.get("order_ok").booleanValue());
        assertEquals(307.36, json.get("critical_path_ms").doubleValue(), 1e-3);
        assertTrue(json.get("makespan_ms").doubleValue() >= json.get("critical_path_ms").doubleValue(), text);
        // A header, then one line per task, fork first and join last.
        List<String> order = List.of(lines).subList(2, 12);
        assertTrue(order.get(0).contains("cpuhog_forkjoin_00000001  <- -"), order.get(0));
        assertTrue(order.get(9).contains("cpuhog_forkjoin_00000010  <- cpuhog_forkjoin_00000002, "), order.get(9));
        assertTrue(text.contains("order          ok: every task started after all its parents ended (16 dependencies)"),
            text);
        assertTrue(text.contains("makespan >= critical path: yes"), text);
    }

    @Test
    @Timeout(60)
    void oneWorkerTakesAtLeastAllTheWork() throws Exception {
        WfWorkflow forkJoin = WfFormatLoader.load(WfFormatLoaderTest.sample(WfFormatLoaderTest.FORK_JOIN));

        WorkflowRunReport report = WorkflowRunner.run(forkJoin, 1, 0.2);

        assertTrue(report.orderOk(), report.problems().toString());
        assertEquals(10, report.runs().size());
        assertEquals(1028.704 * 0.2, report.workMs(), 1e-3);
        assertTrue(report.makespanMs() >= report.workMs(), report.makespanMs() + " < " + report.workMs());
        long[] readyNs = report.readyToStartNs();
        assertEquals(9, readyNs.length, "every task but the fork has parents");
        assertTrue(readyNs[0] >= 0, "no task starts before its last parent ends");
        for (int i = 1; i < report.runs().size(); i++) {
            assertTrue(report.runs().get(i).startNs() >= report.runs().get(i - 1).endNs(), "one worker: no overlap");
        }
    }

    @Test
    @Timeout(60)
    void runsTheBundledMontageWithNoArgument() throws Exception {
        int code = new WorkflowRunCommand().run(new String[] {"--ms-per-second", "0.1", "--json"}, out, err);

        String text = outBytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, () -> text + errBytes.toString(StandardCharsets.UTF_8));
        assertTrue(text.startsWith("Workflow 'montage' (bundled montage-chameleon-2mass-005d-001.json): 58 tasks, 114 "
            + "dependencies;"), text);
        assertTrue(text.strip().endsWith("\"order_ok\":true}"), text);
    }

    @Test
    @Timeout(10)
    void aBadFileFailsNamingItAndTheTask(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, WfFormatLoaderTest.document(WfFormatLoaderTest.tasks(
            WfFormatLoaderTest.task("a", "[\"ghost\"]", "[]")), WfFormatLoaderTest.run("a", "\"runtimeInSeconds\": 1")));

        assertEquals(2, io.htcengine.examples.Htc.run(new String[] {"montage", "--file", bad.toString()}, out, err));
        assertEquals("htc montage: --file: " + bad + ": task 'a': unknown parent 'ghost': no task of "
            + "workflow.specification.tasks has that id\n./htc montage --help lists its options\n",
            errBytes.toString(StandardCharsets.UTF_8));
        assertEquals("", outBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    @Timeout(10)
    void badArgumentsNameTheOption() {
        WorkflowRunCommand command = new WorkflowRunCommand();

        assertMessage(command, "--file: no such file: /no/such/workflow.json", "--file", "/no/such/workflow.json");
        assertMessage(command, "--ms-per-second must be a number from 0.001 to 1,000, was 0", "--ms-per-second", "0");
        assertMessage(command, "--ms-per-second must be a number from 0.001 to 1,000, was 'fast'", "--ms-per-second=fast");
        assertMessage(command, "--workers must be a whole number from 1 to 4,096, was 0", "--workers", "0");
    }

    @Test
    @Timeout(10)
    void aDirectoryIsNotAWorkflow(@TempDir Path dir) {
        assertMessage(new WorkflowRunCommand(), "--file: " + dir + " is a directory, not a file", "--file", dir.toString());
        assertEquals("", outBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    @Timeout(10)
    void helpListsTheOptions() throws Exception {
        assertEquals(0, new WorkflowRunCommand().run(new String[] {"--help"}, out, err));

        String help = outBytes.toString(StandardCharsets.UTF_8);
        assertTrue(help.contains("usage: ./htc montage [--file PATH] [--workers N] [--ms-per-second X] [--json]"), help);
    }

    private void assertMessage(WorkflowRunCommand command, String expected, String... args) {
        UsageException e = assertThrows(UsageException.class, () -> command.run(args, out, err));
        assertEquals(expected, e.getMessage());
    }

    private static <T> List<T> iterable(Iterator<T> it) {
        List<T> list = new ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }
}
