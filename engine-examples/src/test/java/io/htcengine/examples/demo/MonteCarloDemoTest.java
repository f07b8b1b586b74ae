package io.htcengine.examples.demo;

import io.htcengine.examples.cli.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MonteCarloDemoTest {
    @TempDir
    Path dir;

    private static final Pattern OBJECT = Pattern.compile("\\{(.*)}");
    private static final Pattern MEMBER = Pattern.compile("\"([a-z0-9_]+)\":(-?[0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)");

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @Test
    @Timeout(120)
    void jsonSummaryIsTheLastLineAndCountsEveryTask() throws Exception {
        int code = new MonteCarloDemo().run(new String[] {"--tasks", "20000", "--json", "--db", dir.resolve("demo.db").toString()}, out, err);

        assertEquals(0, code, errBytes.toString(StandardCharsets.UTF_8));
        Map<String, Double> json = parseLastLine(outBytes.toString(StandardCharsets.UTF_8));
        assertEquals(Set.of("tasks", "completed", "failed", "cancelled", "wall_s", "tasks_per_s", "p50_us", "p99_us",
            "portfolio_value", "retries", "dead_lettered", "resumed"), json.keySet());
        assertEquals(20_000, json.get("tasks"));
        assertEquals(20_000, json.get("completed"));
        assertEquals(0, json.get("failed"));
        assertEquals(0, json.get("cancelled"));
        assertTrue(json.get("wall_s") > 0, "wall_s " + json.get("wall_s"));
        assertTrue(json.get("p50_us") <= json.get("p99_us"), "p50 " + json.get("p50_us") + " p99 " + json.get("p99_us"));
        assertTrue(json.get("portfolio_value") > 0);
        assertEquals(0, json.get("resumed"));
    }

    @Test
    @Timeout(120)
    void withSimulatedFaultsEveryTaskCompletesOrIsDeadLettered() throws Exception {
        int code = new MonteCarloDemo().run(new String[] {"--tasks", "20000", "--fail-rate", "0.05", "--json", "--no-db"}, out, err);

        assertEquals(0, code, errBytes.toString(StandardCharsets.UTF_8));
        Map<String, Double> json = parseLastLine(outBytes.toString(StandardCharsets.UTF_8));
        assertEquals(20_000, json.get("completed") + json.get("dead_lettered"), "nothing lost: " + json);
        assertEquals(json.get("failed"), json.get("dead_lettered"), "every failed task is dead-lettered");
        // 5% of attempts fail: about 1,000 retries, and about 20,000 x 0.05^3 = 2.5 tasks fail all three attempts.
        assertTrue(json.get("retries") > 700 && json.get("retries") < 1_300, "retries " + json.get("retries"));
        assertTrue(json.get("dead_lettered") < 20, "dead_lettered " + json.get("dead_lettered"));
    }

    @Test
    @Timeout(60)
    void metricsPortServesPrometheusWhileItRuns() throws Exception {
        int code = new MonteCarloDemo().run(new String[] {"--tasks", "2000", "--metrics-port", "0", "--json", "--no-db"}, out, err);

        assertEquals(0, code, errBytes.toString(StandardCharsets.UTF_8));
        String said = errBytes.toString(StandardCharsets.UTF_8);
        assertTrue(said.matches("(?s).*metrics: http://127\\.0\\.0\\.1:[0-9]+/metrics.*"), said);
        Map<String, Double> json = parseLastLine(outBytes.toString(StandardCharsets.UTF_8));
        assertEquals(2_000, json.get("completed"));
        assertTrue(json.get("p99_us") > 0, "latency percentiles come from the metrics snapshot: " + json);
    }

    @Test
    @Timeout(60)
    void textSummaryNamesEveryFigure() throws Exception {
        int code = new MonteCarloDemo().run(new String[] {"--tasks", "1000", "--workers", "1", "--paths", "2", "--no-db"}, out, err);

        assertEquals(0, code);
        String text = outBytes.toString(StandardCharsets.UTF_8);
        for (String label : new String[] {"portfolio value", "completed        1,000", "failed", "cancelled", "wall time",
            "tasks/s", "latency p50", "latency p99"}) {
            assertTrue(text.contains(label), () -> "no '" + label + "' in:\n" + text);
        }
    }

    @Test
    @Timeout(60)
    void aSeedGivesTheSamePortfolioValue() throws Exception {
        double first = MonteCarloDemo.price(DemoSettings.of(500, 2, 8, 7), null, err).portfolioValue();
        double second = MonteCarloDemo.price(DemoSettings.of(500, 1, 8, 7), null, err).portfolioValue();

        // Same positions, summed in a different order: equal up to rounding.
        assertEquals(first, second, Math.abs(first) * 1e-12);
    }

    @Test
    @Timeout(180)
    void killedMidRunItResumesAndCountsEveryTaskOnce() throws Exception {
        Path db = dir.resolve("resume.db");
        String[] args = {"demo", "--tasks", "200000", "--json", "--db", db.toString(), "--workers", "2"};
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        // The killed child's copy of sqlite-jdbc's native library goes in the test's folder: only a normal exit
        // deletes it.
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(javaBin,
            "-Dorg.sqlite.tmpdir=" + dir.toAbsolutePath(), "-cp", cp, io.htcengine.examples.Htc.class.getName()));
        command.addAll(java.util.List.of(args));
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.out").toFile()).start();
        // Kill it (SIGKILL) once some tasks completed in the store, wherever it is then. The engine runs in another
        // process: there is no future to await, so its store is read every 20 ms.
        long completedAtKill = 0;
        while (child.isAlive() && completedAtKill < 20_000) {
            Thread.sleep(20);
            completedAtKill = completed(db);
        }
        boolean killed = child.isAlive();
        child.destroyForcibly();
        child.waitFor();

        int code = new MonteCarloDemo().run(java.util.Arrays.copyOfRange(args, 1, args.length), out, err);

        assertEquals(0, code, errBytes.toString(StandardCharsets.UTF_8));
        Map<String, Double> json = parseLastLine(outBytes.toString(StandardCharsets.UTF_8));
        assertEquals(200_000, json.get("tasks"));
        assertEquals(200_000, json.get("completed"), "every task of the session counted once: " + json);
        if (killed && completedAtKill < 200_000) {
            assertTrue(json.get("resumed") > 0 || errBytes.toString(StandardCharsets.UTF_8).contains("finished before"),
                "the run resumed the killed session: " + json + " " + errBytes.toString(StandardCharsets.UTF_8));
        }
        double uninterrupted = MonteCarloDemo.price(DemoSettings.of(200_000, 2, MonteCarloDemo.DEFAULT_PATHS,
            MonteCarloDemo.DEFAULT_SEED), null, err).portfolioValue();
        assertEquals(uninterrupted, json.get("portfolio_value"), Math.abs(uninterrupted) * 1e-9,
            "each position valued once");
    }

    /** Jobs COMPLETED in the demo's store so far (0 before its tables exist). */
    private static long completed(Path db) {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
             java.sql.Statement s = c.createStatement();
             java.sql.ResultSet r = s.executeQuery("SELECT count(*) FROM jobs WHERE state = 'COMPLETED'")) {
            return r.next() ? r.getLong(1) : 0;
        } catch (java.sql.SQLException e) {
            return 0; // not created yet, or busy for a moment
        }
    }

    @Test
    @Timeout(10)
    void badArgumentsNameTheOptionAndItsRange() {
        MonteCarloDemo demo = new MonteCarloDemo();

        assertMessage(demo, "--tasks must be a whole number from 1 to 100,000,000, was 0", "--tasks", "0");
        assertMessage(demo, "--tasks must be a whole number from 1 to 100,000,000, was 'lots'", "--tasks", "lots");
        assertMessage(demo, "--workers must be a whole number from 1 to 4,096", "--workers", "-3");
        assertMessage(demo, "--paths must be a whole number from 1 to 1,000,000", "--paths=2000000");
        assertMessage(demo, "--seed must be a whole number (64-bit), was '1.5'", "--seed", "1.5");
        assertMessage(demo, "unknown option '--task'; allowed options: --tasks, --workers, --paths, --seed, --fail-rate, --max-attempts, --metrics-port, --db, --no-db, --json",
            "--task", "5");
        assertMessage(demo, "--tasks needs a value", "--tasks");
        assertMessage(demo, "--db and --no-db exclude each other", "--db", "x.db", "--no-db");
    }

    @Test
    @Timeout(10)
    void theStoreFileIsCheckedBeforeAnythingRuns() throws Exception {
        MonteCarloDemo demo = new MonteCarloDemo();
        java.nio.file.Path text = java.nio.file.Files.writeString(dir.resolve("text.txt"), "plain text");

        assertMessage(demo, "--db: " + dir + " is a directory, not a file", "--tasks", "10", "--db", dir.toString());
        assertMessage(demo, "--db: no such directory: " + dir.resolve("missing"), "--tasks", "10", "--db",
            dir.resolve("missing/demo.db").toString());
        assertMessage(demo, "--db: " + text + " is not an SQLite database, so it is no job store; it was left untouched",
            "--tasks", "10", "--db", text.toString());
        assertEquals("", outBytes.toString(StandardCharsets.UTF_8), "nothing printed before the error");
        assertEquals("plain text", java.nio.file.Files.readString(text));
    }

    @Test
    @Timeout(10)
    void badOptionsAreReportedBeforeAnythingIsPrinted() {
        MonteCarloDemo demo = new MonteCarloDemo();
        String[][] cases = {
            {"--fail-rate must be a number from 0 to 1, was 2", "--tasks", "10", "--fail-rate", "2"},
            {"--max-attempts must be a whole number from 1 to 100, was 0", "--tasks", "10", "--max-attempts", "0"},
            {"--metrics-port must be a whole number from 0 to 65,535, was 70,000", "--tasks", "10", "--metrics-port",
                "70000"},
            {"--db must be a file path, was ''", "--tasks", "10", "--db="},
            {"--db and --no-db exclude each other; give one", "--tasks", "10", "--db", "x.db", "--no-db"}};
        for (String[] c : cases) {
            outBytes.reset();
            UsageException e = assertThrows(UsageException.class,
                () -> demo.run(java.util.Arrays.copyOfRange(c, 1, c.length), out, err));
            assertEquals(c[0], e.getMessage());
            assertEquals("", outBytes.toString(StandardCharsets.UTF_8), c[0]);
        }
    }

    @Test
    @Timeout(10)
    void aBusyMetricsPortIsAUsageErrorBeforeAnythingRuns() throws Exception {
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = busy.getLocalPort();
            UsageException e = assertThrows(UsageException.class, () -> new MonteCarloDemo().run(new String[] {
                "--tasks", "10", "--no-db", "--metrics-port", Integer.toString(port)}, out, err));
            assertEquals("--metrics-port: could not serve metrics on 127.0.0.1:" + port + ": Address already in use; "
                + "choose another --metrics-port, or 0 for any free one", e.getMessage());
            assertEquals("", outBytes.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    @Timeout(10)
    void helpListsTheOptions() throws Exception {
        assertEquals(0, new MonteCarloDemo().run(new String[] {"--help"}, out, err));

        String help = outBytes.toString(StandardCharsets.UTF_8);
        for (String option : new String[] {"--tasks N", "--workers N", "--paths N", "--seed S", "--json"}) {
            assertTrue(help.contains(option), () -> "no " + option + " in:\n" + help);
        }
    }

    private void assertMessage(MonteCarloDemo demo, String expected, String... args) {
        UsageException e = assertThrows(UsageException.class, () -> demo.run(args, out, err));
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }

    /** The last non-empty line must be one flat JSON object of numbers; returns its members in order. */
    static Map<String, Double> parseLastLine(String output) {
        String[] lines = output.strip().split("\\R");
        String last = lines[lines.length - 1];
        Matcher object = OBJECT.matcher(last);
        assertTrue(object.matches(), () -> "last line is not a JSON object: " + last);
        Map<String, Double> members = new LinkedHashMap<>();
        for (String member : object.group(1).split(",")) {
            Matcher m = MEMBER.matcher(member);
            assertTrue(m.matches(), () -> "not a \"key\":number member: " + member);
            assertEquals(null, members.put(m.group(1), Double.parseDouble(m.group(2))), "duplicate key " + m.group(1));
        }
        return members;
    }
}
