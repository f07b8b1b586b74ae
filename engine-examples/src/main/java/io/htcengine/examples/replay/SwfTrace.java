package io.htcengine.examples.replay;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A Standard Workload Format trace (Parallel Workloads Archive): its header's machine size and its jobs. One job a
 * line, 18 whitespace-separated fields; lines starting with ';' are the header (of which {@code MaxProcs} and
 * {@code MaxNodes} are read); blank lines are ignored. -1 means unknown. A gzip file (by its first two bytes, so
 * whatever its name) is read through gunzip. Immutable.
 *
 * <p>Which fields are read, and how a job maps to what the replay simulates, is on {@link SwfJob}; {@link #select}
 * decides which jobs a machine of a given size can run.
 */
public final class SwfTrace {
    private static final Pattern HEADER = Pattern.compile(";\\s*(MaxProcs|MaxNodes)\\s*:\\s*(\\d+)\\s*");
    private static final int FIELDS = 18;

    private final String source;
    private final OptionalLong maxProcs;
    private final OptionalLong maxNodes;
    private final List<SwfJob> jobs;

    private SwfTrace(String source, OptionalLong maxProcs, OptionalLong maxNodes, List<SwfJob> jobs) {
        this.source = source;
        this.maxProcs = maxProcs;
        this.maxNodes = maxNodes;
        this.jobs = List.copyOf(jobs);
    }

    /** Reads a trace file, plain or gzip. */
    public static SwfTrace read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads a trace, plain or gzip, from a stream it does not close; {@code source} names it in messages.
     *
     * @throws SwfFormatException when it is no SWF trace (see {@link #parse}), or starts as gzip but is not valid gzip
     */
    public static SwfTrace read(InputStream in, String source) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        if (b0 != 0x1f || b1 != 0x8b) {
            return parse(new InputStreamReader(buffered, StandardCharsets.US_ASCII), source);
        }
        try {
            return parse(new InputStreamReader(new GZIPInputStream(buffered, 1 << 16), StandardCharsets.US_ASCII),
                source);
        } catch (ZipException | EOFException e) {
            throw new SwfFormatException(source + ": it starts as gzip but cannot be read as gzip: "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }

    /**
     * Reads a trace held in text (tests).
     *
     * @throws SwfFormatException naming the file and line of a job line without 18 fields or with a field that is
     *                            not a number
     */
    public static SwfTrace parse(Reader text, String source) throws IOException {
        BufferedReader reader = new BufferedReader(text, 1 << 16);
        OptionalLong maxProcs = OptionalLong.empty();
        OptionalLong maxNodes = OptionalLong.empty();
        List<SwfJob> jobs = new ArrayList<>();
        int lineNo = 0;
        for (String line; (line = reader.readLine()) != null; ) {
            lineNo++;
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.startsWith(";")) {
                Matcher m = HEADER.matcher(trimmed);
                if (m.matches()) {
                    long value = Long.parseLong(m.group(2));
                    if (m.group(1).equals("MaxProcs")) {
                        maxProcs = OptionalLong.of(value);
                    } else {
                        maxNodes = OptionalLong.of(value);
                    }
                }
                continue;
            }
            jobs.add(job(trimmed.split("\\s+"), source, lineNo));
        }
        return new SwfTrace(source, maxProcs, maxNodes, jobs);
    }

    private static SwfJob job(String[] f, String source, int line) throws IOException {
        if (f.length != FIELDS) {
            throw new SwfFormatException(source + ":" + line + ": an SWF job line has " + FIELDS + " fields, this one has "
                + f.length);
        }
        long allocated = field(f, 5, source, line);
        long procs = allocated == -1 ? field(f, 8, source, line) : allocated;
        long runS = field(f, 4, source, line);
        long requestedS = field(f, 9, source, line);
        return new SwfJob(field(f, 1, source, line), field(f, 2, source, line), runS, procs,
            requestedS > 0 ? requestedS : runS, field(f, 12, source, line), line);
    }

    /** @return field {@code n} (1-based, as SWF numbers them): a whole number, or a decimal rounded to one. */
    private static long field(String[] f, int n, String source, int line) throws IOException {
        String text = f[n - 1];
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException notWhole) {
            try {
                double value = Double.parseDouble(text);
                if (Double.isFinite(value)) {
                    return Math.round(value);
                }
            } catch (NumberFormatException notNumber) {
                // reported below
            }
            throw new SwfFormatException(source + ":" + line + ": field " + n + " must be a number, was '" + text + "'");
        }
    }

    /** @return where it was read from. */
    public String source() {
        return source;
    }

    /** @return the header's MaxProcs, if it has one. */
    public OptionalLong maxProcs() {
        return maxProcs;
    }

    /** @return the header's MaxNodes, if it has one. */
    public OptionalLong maxNodes() {
        return maxNodes;
    }

    /** @return the machine size the header gives: MaxProcs, else MaxNodes; empty when it has neither. */
    public OptionalLong machineProcs() {
        return maxProcs.isPresent() ? maxProcs : maxNodes;
    }

    /** @return every job line, in file order, runnable or not. */
    public List<SwfJob> jobs() {
        return jobs;
    }

    /**
     * @param procs the machine's processors
     * @return the jobs a machine of {@code procs} processors replays, in file order, and the count of those it
     *         skips: run time <= 0, processors <= 0 (both fields 5 and 8 unknown), more processors than the machine,
     *         or an unknown (negative) submit time
     */
    public Selection select(long procs) {
        if (procs < 1) {
            throw new IllegalArgumentException("procs must be >= 1, was " + procs);
        }
        List<SwfJob> runnable = new ArrayList<>(jobs.size());
        int noRun = 0;
        int noProcs = 0;
        int tooWide = 0;
        int noSubmit = 0;
        for (SwfJob j : jobs) {
            if (j.runS() <= 0) {
                noRun++;
            } else if (j.procs() <= 0) {
                noProcs++;
            } else if (j.procs() > procs) {
                tooWide++;
            } else if (j.submitS() < 0) {
                noSubmit++;
            } else {
                runnable.add(j);
            }
        }
        return new Selection(runnable, noRun, noProcs, tooWide, noSubmit);
    }

    /**
     * What {@link #select} kept and why it skipped the rest (each skipped job counted once, under the first reason
     * in this order).
     */
    public record Selection(List<SwfJob> jobs, int skippedNoRunTime, int skippedNoProcs, int skippedTooWide,
                            int skippedNoSubmitTime) {
        public Selection {
            jobs = List.copyOf(jobs);
        }

        /** @return the jobs skipped, for any reason. */
        public int skipped() {
            return skippedNoRunTime + skippedNoProcs + skippedTooWide + skippedNoSubmitTime;
        }
    }
}
