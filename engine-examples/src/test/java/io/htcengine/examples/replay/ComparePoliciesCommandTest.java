package io.htcengine.examples.replay;

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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class ComparePoliciesCommandTest {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @Test
    void printsOneRowPerPolicyAndTheSameAsJson(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("tiny.swf");
        Files.writeString(trace, SwfTraceTest.TINY);

        int code = new ComparePoliciesCommand().run(new String[] {"--trace", trace.toString(), "--json"}, out, err);

        String text = outBytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, () -> text + errBytes.toString(StandardCharsets.UTF_8));
        assertTrue(text.contains("4 jobs replayed (3 skipped) on 4 processors"), text);
        assertTrue(text.matches("(?s).*\nfcfs +99 +.*"), text); // FCFS: waits 0, 99, 148, 147: 98.5
        assertTrue(text.matches("(?s).*\neasy +37 +.*"), text); // EASY: waits 0, 99, 0, 49
        String[] lines = text.strip().split("\\R");
        JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
        List<String> policies = new ArrayList<>();
        json.get("policies").forEach(p -> policies.add(p.get("policy").asText()));
        assertEquals(List.of("fcfs", "easy", "priority-aging", "fair-share", "strict-priority",
            "shortest-first (example)"), policies);
        assertEquals(98.5, json.get("policies").get(0).get("avg_wait_s").doubleValue(), 1e-9);
        assertEquals(37, json.get("policies").get(1).get("avg_wait_s").doubleValue(), 1e-9);
    }

    @Test
    void aDirectoryIsNotATrace(@TempDir Path dir) {
        UsageException e = assertThrows(UsageException.class,
            () -> new ComparePoliciesCommand().run(new String[] {"--trace", dir.toString()}, out, err));
        assertEquals("--trace: " + dir + " is a directory, not a file", e.getMessage());
    }

    @Test
    void procsIsCheckedBeforeTheTraceAndItsHelpSaysTheRange() throws Exception {
        UsageException e = assertThrows(UsageException.class,
            () -> new ComparePoliciesCommand().run(new String[] {"--procs", "abc"}, out, err));
        assertEquals("--procs must be a whole number from 1 to 16,777,216, was 'abc'", e.getMessage());
        assertEquals(0, new ComparePoliciesCommand().run(new String[] {"--help"}, out, err));
        assertTrue(outBytes.toString(StandardCharsets.UTF_8).contains("the machine's processors, 1 to 16,777,216 "
            + "(default: the header's MaxProcs, else MaxNodes)"), outBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aTraceWithoutJobsOrWithABadLineIsAUsageErrorNamingTrace(@TempDir Path dir) throws Exception {
        Path headerOnly = Files.writeString(dir.resolve("header.swf"), "; MaxProcs: 4\n");
        UsageException e = assertThrows(UsageException.class,
            () -> new ComparePoliciesCommand().run(new String[] {"--trace", headerOnly.toString()}, out, err));
        assertEquals("--trace: " + headerOnly + " holds no jobs", e.getMessage());
        Path bad = Files.writeString(dir.resolve("bad.swf"), "1 0 -1 ten 1 -1 -1 -1 -1 -1 1 1 -1 -1 -1 -1 -1 -1\n");
        e = assertThrows(UsageException.class,
            () -> new ComparePoliciesCommand().run(new String[] {"--trace", bad.toString()}, out, err));
        assertEquals("--trace: " + bad + ":1: field 4 must be a number, was 'ten'", e.getMessage());
        assertEquals("", outBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theDefaultTraceIsFoundFromTheRepositoryRoot() {
        Path root = ComparePoliciesCommand.repositoryRoot();
        assertTrue(Files.isRegularFile(root.resolve("htc")), root.toString());
    }
}
