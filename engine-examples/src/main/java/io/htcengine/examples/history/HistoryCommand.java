package io.htcengine.examples.history;

import io.htcengine.api.TaskState;
import io.htcengine.examples.cli.ArgParser;
import io.htcengine.examples.cli.Command;
import io.htcengine.examples.cli.ParsedArgs;
import io.htcengine.examples.cli.UsageException;
import io.htcengine.sqlite.JobDetails;
import io.htcengine.sqlite.JobHistory;
import io.htcengine.sqlite.JobPage;
import io.htcengine.sqlite.JobQuery;
import io.htcengine.sqlite.JobRecord;
import io.htcengine.sqlite.MetricSample;
import io.htcengine.sqlite.SqliteStore;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code ./htc history}: the job history of a store — by default the demo's {@code ./htc-demo.db}. Lists jobs newest
 * first, filtered by state, tenant, session and age; shows one job with its attempts and metric samples; applies
 * sample retention; and can seed a store with demo data first, so there is something to look at.
 *
 * <p>What it shows of the API: {@link JobHistory} ({@code list} with a {@link JobQuery}, {@code job},
 * {@code samples}, {@code deleteSamplesOlderThan}, {@code seedDemoData}).
 */
public final class HistoryCommand implements Command {
    static final String DEFAULT_DB = "htc-demo.db";
    /** The options that filter the list: {@code --job} shows one job, so they cannot be given with it. */
    static final List<String> LIST_FILTERS = List.of("--state", "--tenant", "--session", "--since-hours", "--limit");

    private static final ArgParser OPTIONS = new ArgParser("history")
        .option("--db", "PATH", "the store to read (default ./htc-demo.db, the demo's)")
        .option("--seed-demo", "N", "first add N finished demo jobs (three tenants, three days), 1 to 1,000,000; "
            + "creates the store if missing")
        .option("--state", "S", "only jobs in this state: one of " + Arrays.toString(TaskState.values()))
        .option("--tenant", "T", "only jobs of this tenant")
        .option("--session", "ID", "only jobs of this session id")
        .option("--since-hours", "H", "only jobs submitted in the last H hours, 1 to 876,000")
        .option("--limit", "N", "jobs to list, 1 to 10,000 (default 20)")
        .option("--job", "ID", "show this job: its attempts and metric samples (not with the list's filters "
            + "--state, --tenant, --session, --since-hours, --limit)")
        .option("--retention-days", "D", "delete metric samples older than D days (the default retention is 7), "
            + "1 to 36,500");

    @Override
    public String name() {
        return "history";
    }

    @Override
    public String summary() {
        return "the job history of a store (./htc-demo.db by default): list and filter jobs, one job's attempts "
            + "and samples, retention, demo data";
    }

    @Override
    public ArgParser options() {
        return OPTIONS;
    }

    @Override
    public int execute(ParsedArgs parsed, PrintStream out, PrintStream err) throws Exception {
        if (parsed.has("--job")) {
            List<String> filters = LIST_FILTERS.stream().filter(parsed::has).collect(Collectors.toList());
            if (!filters.isEmpty()) {
                throw new UsageException("--job shows one job; " + String.join(", ", filters) + " filter"
                    + (filters.size() == 1 ? "s" : "") + " the list and cannot be given with it");
            }
        }
        int seed = parsed.intValue("--seed-demo", 0, 1, 1_000_000);
        JobQuery query = JobQuery.all().limit(parsed.intValue("--limit", 20, 1, JobQuery.MAX_LIMIT));
        if (parsed.has("--state")) {
            query = query.states(state(parsed.value("--state", null)));
        }
        if (parsed.has("--tenant")) {
            query = query.tenant(parsed.value("--tenant", null));
        }
        if (parsed.has("--session")) {
            query = query.session(parsed.longValue("--session", 0, 1, Long.MAX_VALUE));
        }
        int sinceHours = parsed.intValue("--since-hours", 0, 1, 876_000);
        long job = parsed.longValue("--job", 0, 1, Long.MAX_VALUE);
        int retentionDays = parsed.intValue("--retention-days", 0, 1, 36_500);
        Path db = parsed.storeFile("--db", DEFAULT_DB);
        // Without --seed-demo it only reads (and --retention-days deletes samples): it never creates a store.
        if (seed == 0 && !Files.exists(db)) {
            throw new UsageException("--db: there is no store at " + db + "; run ./htc demo first, or add "
                + "--seed-demo N to create one with demo data");
        }
        if (seed == 0 && Files.size(db) == 0) {
            throw new UsageException("--db: " + db + " is empty, not a job store");
        }
        try (SqliteStore store = SqliteStore.at(db).open()) {
            JobHistory history = store.history();
            if (seed > 0) {
                long[] ids = history.seedDemoData(seed, 42);
                out.printf(Locale.ROOT, "seeded jobs %d to %d into %s%n", ids[0], ids[1], db);
            }
            if (retentionDays > 0) {
                int deleted = history.deleteSamplesOlderThan(Duration.ofDays(retentionDays));
                out.printf(Locale.ROOT, "deleted %,d samples older than %d days%n", deleted, retentionDays);
            }
            if (sinceHours > 0) {
                Instant now = Instant.now();
                query = query.submittedBetween(now.minus(Duration.ofHours(sinceHours)), now.plusMillis(1));
            }
            if (job > 0) {
                return showJob(history, job, db, out, err);
            }
            list(history, query, out);
        }
        return 0;
    }

    private static TaskState state(String text) {
        try {
            return TaskState.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--state must be one of " + Arrays.toString(TaskState.values()) + ", was '"
                + text + "'");
        }
    }

    private static void list(JobHistory history, JobQuery query, PrintStream out) {
        JobPage page = history.list(query);
        out.printf(Locale.ROOT, "%,d matching job(s); the newest %d:%n", history.count(query), page.jobs().size());
        out.printf(Locale.ROOT, "%10s  %-9s  %3s  %-10s  %-24s  %-20s  %10s%n", "job", "state", "att", "tenant",
            "name", "submitted (UTC)", "run time");
        for (JobRecord j : page.jobs()) {
            out.printf(Locale.ROOT, "%10d  %-9s  %3d  %-10s  %-24s  %-20s  %10s%n", j.jobId(), j.state(), j.attempts(),
                j.tenant() == null ? "-" : j.tenant(), clip(j.name(), 24), time(j.submittedMs()),
                j.finishedMs() == 0 ? "-" : span(j.finishedMs() - j.submittedMs()));
        }
        if (page.nextCursor().isPresent()) {
            out.println("(more: --limit, or filter)");
        }
    }

    private static int showJob(JobHistory history, long id, Path db, PrintStream out, PrintStream err) {
        JobDetails d = history.job(id).orElse(null);
        if (d == null) {
            err.println("htc history: no job " + id + " in the store " + db);
            return 1;
        }
        JobRecord j = d.job();
        out.printf(Locale.ROOT, "job %d  %s  %s  tenant %s  session %d  priority %d%n", j.jobId(), j.name(), j.state(),
            j.tenant() == null ? "-" : j.tenant(), j.sessionId(), j.priority());
        out.printf(Locale.ROOT, "submitted %s, finished %s, input %d bytes, output %s%n", time(j.submittedMs()),
            j.finishedMs() == 0 ? "-" : time(j.finishedMs()), d.input().length,
            d.output() == null ? "none" : d.output().length + " bytes");
        for (JobDetails.Attempt a : d.attempts()) {
            out.printf(Locale.ROOT, "  attempt %d: %s, %s to %s%s%n", a.attempt(), a.outcome(), time(a.startedMs()),
                a.endedMs() == 0 ? "now" : time(a.endedMs()), a.error() == null ? "" : " — " + a.error());
        }
        List<MetricSample> samples = history.samples(id);
        if (!samples.isEmpty()) {
            double cpu = samples.stream().mapToDouble(MetricSample::cpuPercent).average().orElse(0);
            long memory = samples.stream().mapToLong(MetricSample::memoryBytes).max().orElse(0);
            double gpu = samples.stream().mapToDouble(MetricSample::gpuPercent).average().orElse(0);
            out.printf(Locale.ROOT, "  %d samples: cpu %.0f%% on average, memory %,d MB at peak, gpu %.0f%% on "
                + "average%n", samples.size(), cpu, memory >> 20, gpu);
        }
        return 0;
    }

    private static String time(long epochMs) {
        return Instant.ofEpochMilli(epochMs).toString().replace('T', ' ').replaceAll("\\.\\d+Z$", "").replace("Z", "");
    }

    private static String span(long ms) {
        return ms < 10_000 ? String.format(Locale.ROOT, "%,d ms", ms) : String.format(Locale.ROOT, "%,d s", ms / 1000);
    }

    private static String clip(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }
}
