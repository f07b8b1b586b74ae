package io.htcengine.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class HtcTest {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @Test
    void helpListsTheCommandsWithAOneLineDescription() {
        for (String[] args : new String[][] {{"--help"}, {"help"}, {"-h"}}) {
            outBytes.reset();
            assertEquals(0, Htc.run(args, out, err));
            String help = outBytes.toString(StandardCharsets.UTF_8);
            assertTrue(help.matches("(?s).*\n  demo +price a random option book.*"), help);
            assertTrue(help.matches("(?s).*\n  montage +replay a real workflow DAG.*"), help);
            assertTrue(help.matches("(?s).*\n  autoscale +a node pool auto-scaling under bursts.*"), help);
            assertTrue(help.matches("(?s).*\n  replay +replay an SWF workload trace.*"), help);
            assertTrue(help.matches("(?s).*\n  compare-policies +replay an SWF trace .* under every built-in.*"), help);
            assertTrue(help.matches("(?s).*\n  workflow +run a WfCommons workflow on virtual time.*"), help);
            assertTrue(help.matches("(?s).*\n  help +print this list.*"), help);
            assertTrue(help.strip().endsWith("exit codes: 0 ok, 1 the work failed, 2 a usage error; HTC_DEBUG=1 adds "
                + "the stack trace to an unexpected error"), help);
        }
    }

    @Test
    void noCommandIsAUsageErrorThatListsTheCommandsOnStderr() {
        assertEquals(Htc.USAGE, Htc.run(new String[0], out, err));
        String said = errBytes.toString(StandardCharsets.UTF_8);
        assertTrue(said.startsWith("htc: no command given; the commands are:\nusage: ./htc <command> [options]"), said);
        assertTrue(said.matches("(?s).*\n  demo +price a random option book.*"), said);
        assertEquals("", outBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpTakesOneCommandName() {
        assertEquals(Htc.USAGE, Htc.run(new String[] {"help", "demo", "extra"}, out, err));
        assertEquals("htc help: help takes one command name, was given 2: demo extra\n./htc --help lists the commands\n",
            errBytes.toString(StandardCharsets.UTF_8));
        assertEquals("", outBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anUnexpectedErrorIsOneLineWithoutAStackTraceUnlessHtcDebugIsSet(@TempDir Path dir) throws Exception {
        // a file with the SQLite header and nothing valid after it: the store refuses it when the demo opens it
        Path db = dir.resolve("broken.db");
        byte[] bytes = new byte[512];
        System.arraycopy("SQLite format 3\0".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, 16);
        Files.write(db, bytes);
        String[] args = {"demo", "--tasks", "10", "--json", "--db", db.toString()};

        assertEquals(1, Htc.run(args, out, err, false));
        String said = errBytes.toString(StandardCharsets.UTF_8);
        assertTrue(said.startsWith("htc demo: refusing to open " + db.toAbsolutePath()), said);
        assertEquals(1, said.lines().count(), said);

        errBytes.reset();
        assertEquals(1, Htc.run(args, out, err, true));
        said = errBytes.toString(StandardCharsets.UTF_8);
        assertTrue(said.startsWith("htc demo: refusing to open "), said);
        assertTrue(said.contains("\tat io.htcengine."), "HTC_DEBUG: the stack trace follows: " + said);
    }

    @Test
    void theOneLineNamesTheExceptionWhenItHasNoMessageAndAddsWhatTheCauseSays() {
        assertEquals("could not serve: Address already in use", Htc.describe(
            new java.io.UncheckedIOException("could not serve", new java.net.BindException("Address already in use"))));
        assertEquals("EOFException", Htc.describe(new java.io.EOFException()));
        assertEquals("IOException: disk full", Htc.describe(new IllegalStateException(new java.io.IOException(
            "disk full"))));
        assertEquals("refusing to open x (broken)", Htc.describe(new IllegalStateException("refusing to open x (broken)",
            new java.sql.SQLException("broken"))));
    }

    @Test
    void helpForOneCommandListsItsOptions() {
        assertEquals(0, Htc.run(new String[] {"help", "demo"}, out, err));
        assertTrue(outBytes.toString(StandardCharsets.UTF_8).contains("--tasks N"));
    }

    @Test
    void anUnknownCommandIsAUsageErrorNamingTheAllowedOnes() {
        assertEquals(2, Htc.run(new String[] {"demon"}, out, err));
        assertTrue(errBytes.toString(StandardCharsets.UTF_8)
            .contains("unknown command 'demon'; allowed commands: demo, montage, autoscale"));
        assertEquals("", outBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aBadOptionIsAUsageErrorNamingTheOption() {
        assertEquals(2, Htc.run(new String[] {"demo", "--tasks", "0"}, out, err));
        String message = errBytes.toString(StandardCharsets.UTF_8);
        assertTrue(message.startsWith("htc demo: --tasks must be a whole number from 1 to 100,000,000, was 0"), message);
        assertTrue(message.contains("./htc demo --help"), message);
    }

    @Test
    void anOptionAfterAnOptionThatNeedsAValueIsAUsageErrorAndCreatesNothing() {
        assertEquals(2, Htc.run(new String[] {"demo", "--tasks", "10", "--db", "--json"}, out, err));
        assertEquals("htc demo: --db needs a value: --db PATH (the next argument, '--json', is an option; write "
            + "--db=--json if you mean it)", errBytes.toString(StandardCharsets.UTF_8).lines().findFirst().get());
        assertEquals("", outBytes.toString(StandardCharsets.UTF_8));
        assertTrue(!java.nio.file.Files.exists(java.nio.file.Path.of("--json")), "no store named --json");

        errBytes.reset();
        assertEquals(2, Htc.run(new String[] {"workflow", "--wfcommons", "--cores", "4"}, out, err));
        assertTrue(errBytes.toString(StandardCharsets.UTF_8).startsWith("htc workflow: --wfcommons needs a value: "
            + "--wfcommons FILE (the next argument, '--cores', is an option;"), errBytes.toString(StandardCharsets.UTF_8));
    }
}
