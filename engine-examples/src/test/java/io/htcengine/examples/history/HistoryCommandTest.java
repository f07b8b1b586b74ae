package io.htcengine.examples.history;

import io.htcengine.examples.Htc;
import io.htcengine.examples.cli.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class HistoryCommandTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    private String run(String... args) throws Exception {
        outBytes.reset();
        assertEquals(0, new HistoryCommand().run(args, out, err));
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void seedsListsFiltersAndShowsAJob() throws Exception {
        String db = dir.resolve("h.db").toString();
        String seeded = run("--db", db, "--seed-demo", "600", "--limit", "5");
        assertTrue(seeded.contains("seeded jobs 1 to 600"), seeded);
        assertTrue(seeded.contains("600 matching job(s); the newest 5"), seeded);
        assertTrue(seeded.contains("       600  "), seeded);

        String failed = run("--db", db, "--state", "failed", "--tenant", "risk", "--limit", "100");
        assertTrue(failed.lines().skip(2).filter(l -> !l.startsWith("(")).allMatch(l -> l.contains("FAILED")
            && l.contains("risk")), failed);

        String one = run("--db", db, "--job", "1");
        assertTrue(one.startsWith("job 1  "), one);
        assertTrue(one.contains("attempt 1: "), one);
        assertTrue(one.contains("samples: cpu"), one);

        String retention = run("--db", db, "--retention-days", "2", "--limit", "1");
        assertTrue(retention.matches("(?s)deleted [0-9,]+ samples older than 2 days.*"), retention);
    }

    @Test
    void badArgumentsAreNamed() {
        HistoryCommand history = new HistoryCommand();
        UsageException e = assertThrows(UsageException.class,
            () -> history.run(new String[] {"--db", dir.resolve("none.db").toString()}, out, err));
        assertTrue(e.getMessage().contains("there is no store at"), e.getMessage());
        e = assertThrows(UsageException.class, () -> history.run(new String[] {"--db", dir.resolve("x.db").toString(),
            "--seed-demo", "5", "--state", "DONE"}, out, err));
        assertTrue(e.getMessage().startsWith("--state must be one of [SUBMITTED"), e.getMessage());
        e = assertThrows(UsageException.class, () -> history.run(new String[] {"--limit", "0"}, out, err));
        assertTrue(e.getMessage().contains("--limit must be a whole number from 1 to 10,000"), e.getMessage());
    }

    @Test
    void theStoreFileIsCheckedAndNeverChanged() throws Exception {
        Path text = Files.writeString(dir.resolve("text.txt"), "plain text");
        assertUsage("--db: " + dir + " is a directory, not a file", "--db", dir.toString());
        assertUsage("--db: no such directory: " + dir.resolve("missing"), "--db", dir.resolve("missing/h.db").toString(),
            "--seed-demo", "5");
        assertUsage("--db must be a file path, was ''", "--db", "");
        assertUsage("--db: " + text + " is not an SQLite database, so it is no job store; it was left untouched",
            "--db", text.toString());
        assertEquals("plain text", Files.readString(text));
    }

    @Test
    void anEmptyFileIsNoStoreAndStaysEmpty() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.db"));
        assertUsage("--db: " + empty + " is empty, not a job store", "--db", empty.toString());
        assertEquals(0, Files.size(empty));
    }

    @Test
    void listFiltersCannotBeGivenWithJob() {
        String db = dir.resolve("none.db").toString();
        assertUsage("--job shows one job; --state, --limit filter the list and cannot be given with it",
            "--db", db, "--job", "1", "--state", "FAILED", "--limit", "5");
        assertUsage("--job shows one job; --state, --tenant, --session, --since-hours, --limit filter the list and "
            + "cannot be given with it", "--limit=5", "--since-hours=1", "--session=1", "--tenant=a", "--state=FAILED",
            "--job=1");
    }

    @Test
    void aJobNotInTheStoreIsOneErrorLine() throws Exception {
        String db = dir.resolve("h.db").toString();
        run("--db", db, "--seed-demo", "5");
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        int code = Htc.run(new String[] {"history", "--db", db, "--job", "99999999999"}, out,
            new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        assertEquals(1, code);
        assertEquals("htc history: no job 99999999999 in the store " + db + "\n", errBytes.toString(StandardCharsets.UTF_8));
    }

    private void assertUsage(String expected, String... args) {
        UsageException e = assertThrows(UsageException.class, () -> new HistoryCommand().run(args, out, err));
        assertEquals(expected, e.getMessage());
    }
}
