package io.htcengine.examples.replay;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(10)
class SwfTraceTest {
    /** A tiny trace: fields 1 id, 2 submit, 4 run, 5 allocated procs, 8 requested procs, 9 requested time, 12 user. */
    static final String TINY = String.join("\n",
        "; Version: 2.2",
        "; MaxNodes: 2",
        "; MaxProcs: 4",
        "1  0 -1 100  2 -1 -1 -1  100 -1 1 1 -1 -1 -1 -1 -1 -1",
        "2  1 -1  50  4 -1 -1 -1   50 -1 1 2 -1 -1 -1 -1 -1 -1",
        "3  2 -1  50  2 -1 -1 -1   50 -1 1 3 -1 -1 -1 -1 -1 -1",
        "4  3 -1  10 -1 -1 -1  1   -1 -1 1 4 -1 -1 -1 -1 -1 -1",
        "",
        "5  4 -1   0  1 -1 -1 -1   10 -1 1 1 -1 -1 -1 -1 -1 -1",
        "6  5 -1  10  8 -1 -1 -1   10 -1 1 1 -1 -1 -1 -1 -1 -1",
        "7  6 -1  10 -1 -1 -1 -1   10 -1 1 1 -1 -1 -1 -1 -1 -1",
        "") ;

    static SwfTrace tiny() throws IOException {
        return SwfTrace.parse(new StringReader(TINY), "tiny.swf");
    }

    @Test
    void readsTheHeadersMachineSizeMaxProcsBeforeMaxNodes() throws IOException {
        SwfTrace trace = tiny();
        assertEquals(OptionalLong.of(4), trace.maxProcs());
        assertEquals(OptionalLong.of(2), trace.maxNodes());
        assertEquals(OptionalLong.of(4), trace.machineProcs());

        SwfTrace nodesOnly = SwfTrace.parse(new StringReader("; MaxNodes: 256\n"), "n.swf");
        assertEquals(OptionalLong.of(256), nodesOnly.machineProcs());
        assertEquals(OptionalLong.empty(), SwfTrace.parse(new StringReader("; Version: 2\n"), "x.swf").machineProcs());
    }

    @Test
    void mapsTheFieldsAndFillsInWhatIsMissing() throws IOException {
        List<SwfJob> jobs = tiny().jobs();
        assertEquals(7, jobs.size(), "the blank line is ignored");
        assertEquals(new SwfJob(1, 0, 100, 2, 100, 1, 4), jobs.get(0));
        // field 5 is -1: the requested processors (field 8); field 9 is -1: the run time is the estimate
        assertEquals(new SwfJob(4, 3, 10, 1, 10, 4, 7), jobs.get(3));
        assertEquals("user-4", jobs.get(3).tenant());
        assertEquals(-1, jobs.get(6).procs(), "fields 5 and 8 both unknown");
        assertEquals("user-unknown", new SwfJob(1, 0, 1, 1, 1, -1, 1).tenant());
    }

    @Test
    void skipsAndCountsWhatTheMachineCannotRun() throws IOException {
        SwfTrace.Selection on4 = tiny().select(4);
        assertEquals(List.of(1L, 2L, 3L, 4L), on4.jobs().stream().map(SwfJob::id).toList());
        assertEquals(3, on4.skipped());
        assertEquals(1, on4.skippedNoRunTime());
        assertEquals(1, on4.skippedNoProcs());
        assertEquals(1, on4.skippedTooWide());

        SwfTrace.Selection on8 = tiny().select(8);
        assertEquals(5, on8.jobs().size(), "job 6 fits 8 processors");
        assertEquals(0, on8.skippedTooWide());
    }

    @Test
    void readsGzipByItsContentWhateverTheName(@TempDir Path dir) throws IOException {
        Path gz = dir.resolve("tiny.swf.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(TINY.getBytes(StandardCharsets.US_ASCII));
        }
        SwfTrace trace = SwfTrace.read(gz);
        assertEquals(tiny().jobs(), trace.jobs());
        assertEquals(OptionalLong.of(4), trace.maxProcs());
    }

    @Test
    void aBadLineIsNamedByFileAndLine() {
        SwfFormatException shortLine = assertThrows(SwfFormatException.class,
            () -> SwfTrace.parse(new StringReader("; MaxProcs: 4\n1 0 -1 10 1\n"), "bad.swf"));
        assertEquals("bad.swf:2: an SWF job line has 18 fields, this one has 5", shortLine.getMessage());
        SwfFormatException notNumber = assertThrows(SwfFormatException.class, () -> SwfTrace.parse(new StringReader(
            "1 0 -1 ten 1 -1 -1 -1 -1 -1 1 1 -1 -1 -1 -1 -1 -1\n"), "bad.swf"));
        assertEquals("bad.swf:1: field 4 must be a number, was 'ten'", notNumber.getMessage());
    }

    @Test
    void aBrokenGzipFileIsAFormatErrorNamingTheFile(@TempDir Path dir) throws IOException {
        Path gz = dir.resolve("broken.swf.gz");
        Files.write(gz, new byte[] {0x1f, (byte) 0x8b});
        SwfFormatException e = assertThrows(SwfFormatException.class, () -> SwfTrace.read(gz));
        assertEquals(gz + ": it starts as gzip but cannot be read as gzip: EOFException", e.getMessage());
    }

    @Test
    void readsTheLublinTrace() throws IOException {
        SwfTrace lublin = SwfTrace.read(ReplayTest.lublin());
        assertEquals(10_000, lublin.jobs().size());
        assertEquals(OptionalLong.empty(), lublin.maxProcs());
        assertEquals(OptionalLong.of(256), lublin.machineProcs());
        assertEquals(new SwfJob(1, 5094, 12072, 16, 12072, -1, 8), lublin.jobs().get(0));
    }
}
