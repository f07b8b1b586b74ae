package io.htcengine.examples.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.htcengine.examples.cli.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replays with schedules worked out by hand, then the Lublin trace under every policy. */
@Timeout(60)
class ReplayTest {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    /** @return the Lublin trace of the test resources (see swf/README.md there). */
    static Path lublin() {
        try {
            return Path.of(ReplayTest.class.getResource("/swf/lublin_256.swf").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static ReplayReport replay(String swf, int procs, ReplayPolicy policy) throws IOException {
        SwfTrace.Selection s = SwfTrace.parse(new StringReader(swf), "test.swf").select(procs);
        return Replay.run(s.jobs(), s.skipped(), procs, policy);
    }

    /** The CSV rows without the header: job_id,submit_s,start_s,end_s,procs. */
    static List<String> rows(ReplayReport report) {
        List<String> lines = report.csvLines();
        assertEquals("job_id,submit_s,start_s,end_s,procs", lines.get(0));
        return lines.subList(1, lines.size());
    }

    /*
     * SwfTraceTest.TINY on 4 processors: 1 takes 2 procs for 0..100; 2 wants all 4 at 1; 3 wants 2 for 50 s at 2;
     * 4 wants 1 for 10 s at 3 (jobs 5-7 are skipped). FCFS lets nothing pass 2, so 3 and 4 wait for it to end at
     * 150. EASY reserves 100 for 2 and backfills 3 at 2 (it ends by 52) and 4 when 3 ends (by 62).
     */
    @Test
    void fcfsMakesEveryoneWaitBehindTheWideJob() throws IOException {
        assertEquals(List.of("1,0,0,100,2", "2,1,100,150,4", "3,2,150,200,2", "4,3,150,160,1"),
            rows(replay(SwfTraceTest.TINY, 4, ReplayPolicy.FCFS)));
    }

    @Test
    void easyBackfillsWhatEndsBeforeTheWideJobsReservation() throws IOException {
        ReplayReport easy = replay(SwfTraceTest.TINY, 4, ReplayPolicy.EASY);
        assertEquals(List.of("1,0,0,100,2", "2,1,100,150,4", "3,2,2,52,2", "4,3,52,62,1"), rows(easy));
        assertEquals(4, easy.jobCount());
        assertEquals(3, easy.skipped());
        assertEquals((0 + 99 + 0 + 49) / 4.0, easy.avgWaitS(), 1e-9);
        // bounded slowdowns: 1, (99+50)/50, 1, (49+10)/10
        assertEquals((1 + 149 / 50.0 + 1 + 5.9) / 4, easy.avgBoundedSlowdown(), 1e-9);
        assertEquals(5.9, easy.maxBoundedSlowdown(), 1e-9);
        assertEquals(150, easy.makespanS(), 1e-9);
        assertEquals((2 * 100 + 4 * 50 + 2 * 50 + 10) / (4 * 150.0), easy.utilization(), 1e-9);
    }

    @Test
    void priorityAgingWithOnePriorityAndShortWaitsIsFcfs() throws IOException {
        // every job has priority 5 and no wait reaches the one-hour step: the oldest blocks its priority's queue
        assertEquals(rows(replay(SwfTraceTest.TINY, 4, ReplayPolicy.FCFS)),
            rows(replay(SwfTraceTest.TINY, 4, ReplayPolicy.PRIORITY_AGING)));
    }

    @Test
    void priorityAgingLetsAnAgedJobOvertake() throws IOException {
        // 1 proc. a holds it 0..7200. b (priority 5) is ready at 1; c at 2: at 7200 both have aged to 6 (1 step):
        // the earlier ready one, b, goes first, then c. So aging keeps FIFO among equals.
        String swf = String.join("\n",
            "1 0 -1 7200 1 -1 -1 -1 -1 -1 1 1 -1 -1 -1 -1 -1 -1",
            "2 1 -1   10 1 -1 -1 -1 -1 -1 1 1 -1 -1 -1 -1 -1 -1",
            "3 2 -1   10 1 -1 -1 -1 -1 -1 1 1 -1 -1 -1 -1 -1 -1", "");
        assertEquals(List.of("1,0,0,7200,1", "2,1,7200,7210,1", "3,2,7210,7220,1"),
            rows(replay(swf, 1, ReplayPolicy.PRIORITY_AGING)));
    }

    @Test
    void fairShareServesTheUserHoldingLessFirst() throws IOException {
        // 1 proc. User 2 submits three 10 s jobs at 0, user 1 one at 1. FCFS: 2,2,2,1. Fair share: at 10 both hold
        // nothing (tie: user-1 by name), so user 1's job goes before user 2's second.
        String swf = String.join("\n",
            "1 0 -1 10 1 -1 -1 -1 -1 -1 1 2 -1 -1 -1 -1 -1 -1",
            "2 0 -1 10 1 -1 -1 -1 -1 -1 1 2 -1 -1 -1 -1 -1 -1",
            "3 0 -1 10 1 -1 -1 -1 -1 -1 1 2 -1 -1 -1 -1 -1 -1",
            "4 1 -1 10 1 -1 -1 -1 -1 -1 1 1 -1 -1 -1 -1 -1 -1", "");
        assertEquals(List.of("1,0,0,10,1", "2,0,10,20,1", "3,0,20,30,1", "4,1,30,40,1"),
            rows(replay(swf, 1, ReplayPolicy.FCFS)));
        assertEquals(List.of("1,0,0,10,1", "2,0,20,30,1", "3,0,30,40,1", "4,1,10,20,1"),
            rows(replay(swf, 1, ReplayPolicy.FAIR_SHARE)));
    }

    @Test
    void fairShareKeepsTheRoomForAUserWhoseJobDoesNotFit() throws IOException {
        // TINY has a user per job: user 2 (nothing running: the poorest) waits for its wide job's room, and users 3
        // and 4 may not overtake its share meanwhile (progressive filling); they go once it has started.
        assertEquals(List.of("1,0,0,100,2", "2,1,100,150,4", "3,2,150,200,2", "4,3,150,160,1"),
            rows(replay(SwfTraceTest.TINY, 4, ReplayPolicy.FAIR_SHARE)));
    }

    @Test
    void strictPriorityPassesTheJobThatDoesNotFit() throws IOException {
        // one priority: FIFO, but 2 (does not fit) is passed by 3 at 2 and by 4 when 3 ends; here that is EASY's
        assertEquals(List.of("1,0,0,100,2", "2,1,100,150,4", "3,2,2,52,2", "4,3,52,62,1"),
            rows(replay(SwfTraceTest.TINY, 4, ReplayPolicy.STRICT_PRIORITY)));
    }

    @Test
    void lublinFinishesUnderEveryPolicyAndEasyWaitsLessThanFcfs() throws IOException {
        SwfTrace trace = SwfTrace.read(lublin());
        SwfTrace.Selection s = trace.select(256);
        Map<ReplayPolicy, ReplayReport> reports = new EnumMap<>(ReplayPolicy.class);
        for (ReplayPolicy policy : ReplayPolicy.values()) {
            ReplayReport r = Replay.run(s.jobs(), s.skipped(), 256, policy);
            reports.put(policy, r);
            assertEquals(10_000, r.jobCount(), policy.label());
            assertEquals(0, r.unfinished(), policy.label());
            assertTrue(r.utilization() > 0 && r.utilization() <= 1, policy.label() + ": " + r.utilization());
            assertTrue(r.avgBoundedSlowdown() >= 1, policy.label());
            r.records().forEach(j -> assertTrue(j.startNs() >= j.submitNs(), policy.label()));
        }
        ReplayReport fcfs = reports.get(ReplayPolicy.FCFS);
        ReplayReport easy = reports.get(ReplayPolicy.EASY);
        assertTrue(easy.avgWaitS() <= fcfs.avgWaitS(), easy.avgWaitS() + " > " + fcfs.avgWaitS());
        assertTrue(easy.utilization() >= fcfs.utilization());
    }

    @ParameterizedTest
    @EnumSource(ReplayPolicy.class)
    void twoRunsWriteTheIdenticalCsv(ReplayPolicy policy) throws IOException {
        SwfTrace.Selection s = SwfTrace.read(lublin()).select(256);
        List<SwfJob> first = s.jobs().subList(0, 2_000);
        assertEquals(Replay.run(first, 0, 256, policy).csvLines(), Replay.run(first, 0, 256, policy).csvLines());
    }

    @Test
    void theCommandPrintsTheMeasuresAndWritesTheCsv(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("tiny.swf");
        Files.writeString(trace, SwfTraceTest.TINY);
        Path csv = dir.resolve("jobs.csv");

        int code = new ReplayCommand().run(new String[] {"--trace", trace.toString(), "--policy", "easy",
            "--jobs-out", csv.toString(), "--json"}, out, err);

        String text = outBytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, () -> text + errBytes.toString(StandardCharsets.UTF_8));
        String[] lines = text.strip().split("\\R");
        JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertEquals(Set.of("policy", "procs", "jobs", "skipped", "avg_wait_s", "avg_bounded_slowdown",
            "max_bounded_slowdown", "utilization", "makespan_s", "wall_s"), Set.copyOf(iterable(json)));
        assertEquals(4, json.get("jobs").intValue());
        assertEquals(3, json.get("skipped").intValue());
        assertEquals(37, json.get("avg_wait_s").doubleValue(), 1e-9);
        assertEquals(150, json.get("makespan_s").doubleValue(), 1e-9);
        assertEquals(List.of("job_id,submit_s,start_s,end_s,procs", "1,0,0,100,2", "2,1,100,150,4", "3,2,2,52,2",
            "4,3,52,62,1"), Files.readAllLines(csv));
        assertTrue(text.contains("skipped               3: 1 run time <= 0, 1 processors <= 0, 1 wider than the "
            + "machine, 0 no submit time"), text);
    }

    @Test
    void procsOverridesTheHeader(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("tiny.swf");
        Files.writeString(trace, SwfTraceTest.TINY);
        assertEquals(0, new ReplayCommand().run(new String[] {"--trace", trace.toString(), "--policy", "fcfs",
            "--procs", "8", "--json"}, out, err));
        String[] lines = outBytes.toString(StandardCharsets.UTF_8).strip().split("\\R");
        JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertEquals(8, json.get("procs").intValue());
        assertEquals(5, json.get("jobs").intValue());
        assertEquals(2, json.get("skipped").intValue());
    }

    @Test
    void badArgumentsNameTheOption(@TempDir Path dir) throws IOException {
        Path noHeader = dir.resolve("noheader.swf");
        Files.writeString(noHeader, "1 0 -1 10 1 -1 -1 -1 -1 -1 1 1 -1 -1 -1 -1 -1 -1\n");
        assertUsage("--trace is required: --trace FILE", "--policy", "easy");
        assertUsage("--trace: no such file: /no/such.swf", "--trace", "/no/such.swf", "--policy", "easy");
        assertUsage("--policy must be one of fcfs|easy|priority-aging|fair-share|strict-priority, was 'sjf'", "--trace",
            noHeader.toString(), "--policy", "sjf");
        assertUsage(noHeader + " has no MaxProcs or MaxNodes header line: give the machine's size with --procs N",
            "--trace", noHeader.toString(), "--policy", "easy");
    }

    @Test
    void fileOptionsAreCheckedBeforeTheReplayRuns(@TempDir Path dir) throws IOException {
        String trace = Files.writeString(dir.resolve("tiny.swf"), SwfTraceTest.TINY).toString();
        assertUsage("--trace: " + dir + " is a directory, not a file", "--trace", dir.toString(), "--policy", "easy");
        assertUsage("--jobs-out: no such directory: " + dir.resolve("missing"), "--trace", trace, "--policy", "easy",
            "--jobs-out", dir.resolve("missing/jobs.csv").toString());
        assertUsage("--jobs-out: " + dir + " is a directory, not a file", "--trace", trace, "--policy", "easy",
            "--jobs-out", dir.toString());
        assertUsage("--jobs-out must be a file path, was ''", "--trace", trace, "--policy", "easy", "--jobs-out=");
        assertUsage("--jobs-out: " + trace + " is the --trace file; give another file name", "--trace", trace,
            "--policy", "easy", "--jobs-out", trace);
        assertEquals("", outBytes.toString(StandardCharsets.UTF_8), "nothing replayed nor printed");
        assertEquals(SwfTraceTest.TINY, Files.readString(Path.of(trace)), "the trace is untouched");
    }

    @Test
    void aTraceWithoutJobsIsAUsageError(@TempDir Path dir) throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.swf"));
        Path headerOnly = Files.writeString(dir.resolve("header.swf"), "; MaxProcs: 4\n\n");
        assertUsage("--trace: " + empty + " holds no jobs", "--trace", empty.toString(), "--policy", "easy");
        assertUsage("--trace: " + headerOnly + " holds no jobs", "--trace", headerOnly.toString(), "--policy", "fcfs");
        assertEquals("", outBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aMalformedTraceIsOneUsageErrorNamingTheFileAndLine(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.swf"), "; MaxProcs: 4\n1 0 -1 10 1\n");
        int code = io.htcengine.examples.Htc.run(new String[] {"replay", "--trace", bad.toString(), "--policy", "easy"},
            out, err);
        assertEquals(2, code);
        assertEquals("htc replay: --trace: " + bad + ":2: an SWF job line has 18 fields, this one has 5\n"
            + "./htc replay --help lists its options\n", errBytes.toString(StandardCharsets.UTF_8));
        assertEquals("", outBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void procsIsCheckedBeforeTheTraceIsRead(@TempDir Path dir) {
        assertUsage("--procs must be a whole number from 1 to 16,777,216, was 'abc'", "--trace",
            dir.resolve("none.swf").toString(), "--policy", "easy", "--procs", "abc");
    }

    private void assertUsage(String expected, String... args) {
        UsageException e = assertThrows(UsageException.class, () -> new ReplayCommand().run(args, out, err));
        assertEquals(expected, e.getMessage());
    }

    private static List<String> iterable(JsonNode json) {
        List<String> names = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
