package io.htcengine.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(5)
class ArgParserTest {
    private final ArgParser parser = new ArgParser("try")
        .option("--count", "N", "how many")
        .flag("--loud", "shout");
    private final ArgParser decimals = new ArgParser("scale")
        .option("--factor", "X", "how much")
        .option("--file", "PATH", "where");

    @Test
    void readsValuesInBothFormsAndFlags() {
        ParsedArgs parsed = parser.parse("--count", "1_000", "--loud");
        assertEquals(1_000, parsed.longValue("--count", 5, 1, 10_000));
        assertTrue(parsed.has("--loud"));
        assertFalse(parsed.helpRequested());

        assertEquals(7, parser.parse("--count=7").intValue("--count", 5, 1, 10));
    }

    @Test
    void missingOptionsTakeTheirDefault() {
        ParsedArgs parsed = parser.parse();
        assertEquals(5, parsed.longValue("--count", 5, 1, 10));
        assertFalse(parsed.has("--loud"));
    }

    @Test
    void helpIsAlwaysAccepted() {
        assertTrue(parser.parse("--help").helpRequested());
        assertTrue(parser.parse("-h").helpRequested());
        String usage = parser.usage();
        assertTrue(usage.startsWith("usage: ./htc try [--count N] [--loud]"), usage);
        assertTrue(usage.contains("--count N  how many"), usage);
    }

    @Test
    void errorsNameTheOptionAndWhatIsAllowed() {
        assertEquals("unknown option '--cont'; allowed options: --count, --loud, --help",
            usage(() -> parser.parse("--cont", "3")));
        assertEquals("unexpected argument 'extra'; allowed options: --count, --loud, --help",
            usage(() -> parser.parse("extra")));
        assertEquals("--count needs a value: --count N", usage(() -> parser.parse("--count")));
        assertEquals("--loud takes no value, was given 'yes'", usage(() -> parser.parse("--loud=yes")));
        assertEquals("--count is given more than once", usage(() -> parser.parse("--count", "1", "--count=2")));
        assertEquals("--count must be a whole number from 1 to 10, was 11",
            usage(() -> parser.parse("--count", "11").longValue("--count", 5, 1, 10)));
        assertEquals("--count must be a whole number from 1 to 10, was 'x1'",
            usage(() -> parser.parse("--count", "x1").longValue("--count", 5, 1, 10)));
        assertEquals("--count must be a whole number from 1 to 10, was '99999999999999999999' (too large)",
            usage(() -> parser.parse("--count", "99999999999999999999").longValue("--count", 5, 1, 10)));
    }

    @Test
    void anOptionIsNotTakenAsTheValueOfTheOptionBeforeIt() {
        assertEquals("--count needs a value: --count N (the next argument, '--loud', is an option; write "
            + "--count=--loud if you mean it)", usage(() -> parser.parse("--count", "--loud")));
        assertEquals("--file needs a value: --file PATH (the next argument, '--json', is an option; write "
            + "--file=--json if you mean it)", usage(() -> decimals.parse("--file", "--json", "--factor", "2")));
        assertEquals("--file needs a value: --file PATH (the next argument, '--', is an option; write "
            + "--file=-- if you mean it)", usage(() -> decimals.parse("--file", "--")));
        // with = any value is taken, and a negative number (one dash) is a value
        assertEquals("--json", decimals.parse("--file=--json").value("--file", null));
        assertEquals(-5, parser.parse("--count", "-5").longValue("--count", 0, -10, 10));
        assertEquals("-", decimals.parse("--file", "-").value("--file", null));
    }

    @Test
    void readsDecimalsAndStrings() {
        ParsedArgs parsed = decimals.parse("--factor", "0.25", "--file=/tmp/a b.json");
        assertEquals(0.25, parsed.doubleValue("--factor", 1, 0.001, 1_000));
        assertEquals("/tmp/a b.json", parsed.value("--file", null));

        ParsedArgs none = decimals.parse();
        assertEquals(1, none.doubleValue("--factor", 1, 0.001, 1_000));
        assertEquals(null, none.value("--file", null));
        for (String ok : new String[] {"2", "2.", ".5", "1e-3", "+7.5E2"}) {
            assertEquals(Double.parseDouble(ok), decimals.parse("--factor", ok).doubleValue("--factor", 1, 0, 1_000), ok);
        }
    }

    @Test
    void decimalErrorsNameTheOptionAndTheRange() {
        assertEquals("--factor must be a number from 0.001 to 1,000, was 0",
            usage(() -> decimals.parse("--factor", "0").doubleValue("--factor", 1, 0.001, 1_000)));
        assertEquals("--factor must be a number from 0.001 to 1,000, was 1e999",
            usage(() -> decimals.parse("--factor", "1e999").doubleValue("--factor", 1, 0.001, 1_000)));
        for (String bad : new String[] {"NaN", "Infinity", "0x10", "1d", "1_000.5", "", "-"}) {
            assertEquals("--factor must be a number from 0.001 to 1,000, was '" + bad + "'",
                usage(() -> decimals.parse("--factor", bad).doubleValue("--factor", 1, 0.001, 1_000)), bad);
        }
    }

    @Test
    void anInputFileMustBeAReadableRegularFile(@TempDir Path dir) throws IOException {
        ArgParser files = new ArgParser("files").option("--in", "FILE", "read").option("--out", "FILE", "written");
        Path text = Files.writeString(dir.resolve("text.txt"), "x");
        assertEquals(text, files.parse("--in", text.toString()).inputFile("--in"));
        assertEquals(null, files.parse().inputFile("--in"));
        assertEquals("--in: " + dir + " is a directory, not a file",
            usage(() -> files.parse("--in", dir.toString()).inputFile("--in")));
        assertEquals("--in: no such file: " + dir.resolve("none.txt"),
            usage(() -> files.parse("--in", dir.resolve("none.txt").toString()).inputFile("--in")));
        assertEquals("--in must be a file path, was ''", usage(() -> files.parse("--in=").inputFile("--in")));
        assertEquals("--in is required: --in FILE", usage(() -> files.parse().require("--in", "FILE")));
    }

    @Test
    void anOutputFileMustNotBeADirectoryAndItsFolderMustExist(@TempDir Path dir) throws IOException {
        ArgParser files = new ArgParser("files").option("--out", "FILE", "written");
        Path text = Files.writeString(dir.resolve("text.txt"), "x");
        assertEquals(dir.resolve("new.csv"), files.parse("--out", dir.resolve("new.csv").toString()).outputFile("--out"));
        assertEquals(text, files.parse("--out", text.toString()).outputFile("--out"));
        assertEquals(null, files.parse().outputFile("--out"));
        assertEquals("--out: " + dir + " is a directory, not a file",
            usage(() -> files.parse("--out", dir.toString()).outputFile("--out")));
        assertEquals("--out: no such directory: " + dir.resolve("missing"),
            usage(() -> files.parse("--out", dir.resolve("missing/x.csv").toString()).outputFile("--out")));
        assertEquals("--out: " + text + " is not a directory",
            usage(() -> files.parse("--out", text.resolve("x.csv").toString()).outputFile("--out")));
        assertEquals("--out must be a file path, was ''", usage(() -> files.parse("--out", "").outputFile("--out")));
        assertEquals("--out must be a file path, was ' '", usage(() -> files.parse("--out", " ").outputFile("--out")));
    }

    @Test
    void aStoreFileIsAnOutputFileThatIsEmptyMissingOrSqlite(@TempDir Path dir) throws IOException {
        ArgParser files = new ArgParser("files").option("--db", "PATH", "the store");
        Path text = Files.writeString(dir.resolve("text.txt"), "plain text");
        Path empty = Files.createFile(dir.resolve("empty.db"));
        assertEquals(Path.of("default.db"), files.parse().storeFile("--db", "default.db"));
        assertEquals(empty, files.parse("--db", empty.toString()).storeFile("--db", "default.db"));
        assertEquals(dir.resolve("new.db"), files.parse("--db", dir.resolve("new.db").toString()).storeFile("--db", "x"));
        assertEquals("--db: " + text + " is not an SQLite database, so it is no job store; it was left untouched",
            usage(() -> files.parse("--db", text.toString()).storeFile("--db", "default.db")));
        assertEquals("--db: " + dir + " is a directory, not a file",
            usage(() -> files.parse("--db", dir.toString()).storeFile("--db", "default.db")));
        assertEquals("--db: no such directory: " + dir.resolve("missing"),
            usage(() -> files.parse("--db", dir.resolve("missing/h.db").toString()).storeFile("--db", "default.db")));
    }

    private static String usage(Runnable parse) {
        return assertThrows(UsageException.class, parse::run).getMessage();
    }
}
