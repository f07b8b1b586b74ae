package io.htcengine.examples.demo;

import io.htcengine.api.DurableSession;
import io.htcengine.api.DurableTask;
import io.htcengine.api.Engine;
import io.htcengine.api.EngineBuilder;
import io.htcengine.api.Persistence;
import io.htcengine.api.RetryPolicy;
import io.htcengine.api.TaskState;
import io.htcengine.metrics.EngineMetrics;
import io.htcengine.metrics.MetricsServer;
import io.htcengine.metrics.MetricsSnapshot;
import io.htcengine.api.Session;
import io.htcengine.api.SessionOptions;
import io.htcengine.api.SessionState;
import io.htcengine.api.SessionSummary;
import io.htcengine.api.TaskHandler;
import io.htcengine.api.TaskSpec;
import io.htcengine.examples.cli.ArgParser;
import io.htcengine.examples.cli.Command;
import io.htcengine.examples.cli.MetricsEndpoint;
import io.htcengine.examples.cli.ParsedArgs;
import io.htcengine.examples.cli.Terminal;
import io.htcengine.sqlite.SqliteStore;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * {@code ./htc demo}: prices a random book of European options by Monte Carlo, one task per option, all in one
 * session — the shape of the risk runs HTC grids exist for. Each option's priority (1-10) comes from the size of
 * its position, so the big positions are priced first. With few paths per task the run measures the engine:
 * throughput, and submit-to-complete latency from a {@link io.htcengine.spi.TaskListener}.
 *
 * <p>What it shows of the API: {@link Engine#builder()} with a listener, {@link Session#submit} with the default
 * blocking backpressure, {@link Session#seal()}, {@link Session#future()}, {@link Session#progress()}.
 */
public final class MonteCarloDemo implements Command {
    static final long DEFAULT_TASKS = 1_000_000;
    static final long MAX_TASKS = 100_000_000;
    static final int DEFAULT_PATHS = 4;
    static final int MAX_PATHS = 1_000_000;
    static final int MAX_WORKERS = 4096;
    static final long DEFAULT_SEED = 42;
    static final String DEFAULT_DB = "htc-demo.db";

    private static final ArgParser OPTIONS = new ArgParser("demo")
        .option("--tasks", "N", "options to price, one task each, 1 to 100,000,000 (default 1,000,000)")
        .option("--workers", "N", "worker threads, 1 to 4,096 (default: available processors)")
        .option("--paths", "N", "Monte Carlo paths per option, 1 to 1,000,000 (default 4)")
        .option("--seed", "S", "seed of the option book and its paths, any 64-bit integer (default 42)")
        .option("--fail-rate", "P", "probability that an attempt fails (a simulated fault), 0 to 1 (default 0)")
        .option("--max-attempts", "N", "attempts per task, retried with jittered exponential backoff, 1 to 100 "
            + "(default 3)")
        .option("--metrics-port", "P", "serve Prometheus metrics on http://127.0.0.1:P/metrics while it runs, "
            + "0 to 65,535 (0: any free port; default: no endpoint)")
        .option("--db", "PATH", "the SQLite store that makes the run durable (default ./htc-demo.db): killed and "
            + "started again with the same file and settings, it resumes")
        .flag("--no-db", "run without persistence")
        .flag("--json", "print the summary as one JSON object on the last line, and no progress bar");

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "price a random option book by Monte Carlo: one session of N tasks, priorities 1-10, throughput "
            + "and latency";
    }

    @Override
    public ArgParser options() {
        return OPTIONS;
    }

    @Override
    public int execute(ParsedArgs parsed, PrintStream out, PrintStream err) throws InterruptedException, ExecutionException {
        long tasks = parsed.longValue("--tasks", DEFAULT_TASKS, 1, MAX_TASKS);
        int workers = parsed.intValue("--workers", Runtime.getRuntime().availableProcessors(), 1, MAX_WORKERS);
        int paths = parsed.intValue("--paths", DEFAULT_PATHS, 1, MAX_PATHS);
        long seed = parsed.longValue("--seed", DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE);
        boolean json = parsed.has("--json");
        if (parsed.has("--no-db") && parsed.has("--db")) {
            throw new io.htcengine.examples.cli.UsageException("--db and --no-db exclude each other; give one");
        }
        double failRate = parsed.doubleValue("--fail-rate", 0, 0, 1);
        int maxAttempts = parsed.intValue("--max-attempts", 3, 1, 100);
        int metricsPort = parsed.intValue("--metrics-port", -1, 0, 65_535);
        java.nio.file.Path db = parsed.has("--no-db") ? null : parsed.storeFile("--db", DEFAULT_DB);
        DemoSettings settings = new DemoSettings(tasks, workers, paths, seed, failRate, maxAttempts, metricsPort, db);

        // Every option is checked, and the metrics port bound, before anything is printed or run.
        EngineMetrics metrics = EngineMetrics.create();
        DemoReport report;
        try (MetricsServer server = MetricsEndpoint.start(metrics, metricsPort, err)) {
            if (!json) {
                out.printf(Locale.ROOT, "Pricing %,d European options by Monte Carlo (%,d paths each) on %d worker "
                    + "threads, seed %d%n", tasks, paths, workers, seed);
            }
            PrintStream progress = !json && Terminal.isInteractive() ? err : null;
            report = price(settings, metrics, progress, err);
        }
        if (json) {
            out.println(report.toJson());
        } else {
            report.printText(out);
        }
        // With simulated faults, success is every task accounted for: completed, or dead-lettered after its attempts.
        long accounted = report.completed() + (failRate > 0 ? report.deadLettered() : 0);
        return accounted == tasks ? 0 : 1;
    }

    /**
     * Runs one session of {@code tasks} pricing tasks on a fresh engine and closes it. With a store
     * ({@link DemoSettings#db()}) the tasks are durable: a run killed midway and started again with the same settings
     * and file resumes its session — the unfinished tasks are recovered, the ones never submitted are submitted, and
     * the report counts every task of the session once.
     *
     * @param progress where to draw a live progress bar, or null for none
     * @param err      where to say why the session did not complete, if it did not
     */
    static DemoReport price(DemoSettings run, PrintStream progress, PrintStream err)
        throws InterruptedException, ExecutionException {
        EngineMetrics metrics = EngineMetrics.create();
        try (MetricsServer server = MetricsEndpoint.start(metrics, run.metricsPort(), err)) {
            return price(run, metrics, progress, err);
        }
    }

    /** As {@link #price(DemoSettings, PrintStream, PrintStream)}, recording into {@code metrics}, which it binds. */
    private static DemoReport price(DemoSettings run, EngineMetrics metrics, PrintStream progress, PrintStream err)
        throws InterruptedException, ExecutionException {
        long tasks = run.tasks();
        OptionBook book = new OptionBook(run.seed());
        DoubleAdder portfolio = new DoubleAdder();
        // Outputs live on the tasks' futures; the demo keeps no handles, so each task adds its value here.
        TaskHandler<EuropeanOption, Double> priceOne = (option, context) -> {
            if (run.failsAttempt(context.taskId(), context.attempt())) {
                throw new IllegalStateException("simulated fault in attempt " + context.attempt());
            }
            double value = MonteCarloPricer.positionValue(option, run.paths());
            portfolio.add(value);
            return value;
        };
        // Specs are immutable and reusable: one per priority, each submitted with many inputs.
        List<TaskSpec<EuropeanOption, Double>> specs = new ArrayList<>();
        for (int p = TaskSpec.MIN_PRIORITY; p <= TaskSpec.MAX_PRIORITY; p++) {
            specs.add(TaskSpec.of(priceOne).name("price-p" + p).priority(p).build());
        }

        LatencyRecorder latency = new LatencyRecorder();
        SessionSummary summary;
        long wallNs;
        RetryPolicy retry = RetryPolicy.exponential(run.maxAttempts(), Duration.ofMillis(1), Duration.ofMillis(100))
            .withJitter(0.5);
        long deadLettered;
        long resumed = 0;
        try (SqliteStore store = run.db() == null ? null : SqliteStore.at(run.db()).sync(SqliteStore.Sync.NORMAL).open()) {
            DurableRun prior = DurableRun.before(store, run.sessionName());
            EngineBuilder builder = Engine.builder().name("htc-demo").workerThreads(run.workers()).defaultRetry(retry)
                .listener(metrics).listener(latency);
            if (store != null) {
                // A durable task's input is its option's index in the book: 8 bytes, and the book rebuilds the option.
                builder.persistence(Persistence.to(store).handler(DurableRun.HANDLER, (input, context) -> {
                    if (run.failsAttempt(context.jobId(), context.attempt())) {
                        throw new IllegalStateException("simulated fault in attempt " + context.attempt());
                    }
                    double value = MonteCarloPricer.positionValue(book.option(DurableRun.index(input)), run.paths());
                    portfolio.add(value);
                    return DurableRun.bytes(value);
                }, retry));
            }
            try (Engine engine = builder.build()) {
                metrics.bind(engine).bindCluster(engine.cluster());
                long startNs = System.nanoTime();
                DurableSession durable = store == null ? null : prior.session(engine, run.sessionName());
                Session session = durable != null ? durable.session()
                    : engine.openSession(SessionOptions.named("option-book"));
                long first = 0;
                if (durable != null) {
                    resumed = durable.recovered();
                    first = prior.submitted();
                    if (resumed > 0 || first > 0) {
                        err.printf(Locale.ROOT, "resuming %s from %s: %,d tasks recovered, %,d finished before%n",
                            run.sessionName(), run.db(), resumed, prior.finished());
                    }
                }
                ProgressBar bar = progress == null ? null
                    : ProgressBar.start(progress, tasks, () -> prior.finished() + session.progress().done());
                try {
                    if (!session.isSealed()) {
                        for (long i = first; i < tasks; i++) {
                            EuropeanOption option = book.option(i);
                            if (durable != null) {
                                durable.submit(DurableTask.of(DurableRun.HANDLER, DurableRun.bytes(i))
                                    .priority(option.priority()).build());
                            } else {
                                session.submit(specs.get(option.priority() - TaskSpec.MIN_PRIORITY), option);
                            }
                        }
                        if (durable != null) {
                            durable.seal();
                        } else {
                            session.seal();
                        }
                    }
                    summary = session.future().get();
                    wallNs = System.nanoTime() - startNs;
                    deadLettered = engine.deadLetters().size(); // a task is dead-lettered before its session completes
                } finally {
                    if (bar != null) {
                        bar.close();
                    }
                }
            }
            // The engine has terminated, so the listener thread has delivered every event: the histogram is complete.
            if (summary.state() != SessionState.COMPLETED) {
                err.println("session ended " + summary.state() + ": " + summary.reason());
            }
            double[] p50UsByPriority = new double[TaskSpec.MAX_PRIORITY + 1];
            for (int p = 0; p < p50UsByPriority.length; p++) {
                Histogram ns = p == 0 ? null : latency.ofPriority(p);
                p50UsByPriority[p] = ns == null || ns.getTotalCount() == 0 ? Double.NaN : ns.getValueAtPercentile(50) / 1e3;
            }
            // The summary's figures come from the metrics snapshot, the same numbers /metrics serves; counts of a
            // resumed session add what finished before the kill, read from the store.
            MetricsSnapshot figures = metrics.snapshot();
            return new DemoReport(prior.finished() + summary.tasks(), prior.completed() + summary.completed(),
                prior.failed() + summary.failed(), prior.cancelled() + summary.cancelled(), wallNs / 1e9,
                figures.submitToComplete().p50Us(), figures.submitToComplete().p99Us(),
                prior.portfolioValue() + portfolio.sum(), figures.count(TaskState.RETRY),
                prior.failed() + deadLettered, p50UsByPriority, resumed, summary.tasks());
        }
    }
}
