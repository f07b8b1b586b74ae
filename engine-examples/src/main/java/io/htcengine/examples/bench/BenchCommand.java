package io.htcengine.examples.bench;

import io.htcengine.examples.cli.ArgParser;
import io.htcengine.examples.cli.Command;
import io.htcengine.examples.cli.ParsedArgs;
import io.htcengine.examples.cli.UsageException;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code ./htc bench [--quick] [--json] [--out FILE]}: runs issue 9's benchmark suite (the scenarios of
 * {@link ScenarioTable}, engine beside its peers in one run) with JMH from the {@code jmh} module's benchmarks jar,
 * writes JMH's JSON results to a file it names, and prints a summary: one line per scenario and peer, the engine's
 * ratio to each baseline, and with {@code --json} one JSON object, last ({@link BenchSummary#toJson()}).
 *
 * <p>{@code --quick} is a smoke run (one fork, 1 s warm-up, 1 s measured, S3 on the random layered graph only):
 * minutes on two cores, figures good for checking that everything runs, not for publishing. Without it, the run
 * uses the settings of docs/performance.md (3 × 2 s warm-up, 5 × 2 s measured). JMH's own output goes to stderr,
 * so stdout carries only the summary.
 *
 * <p>The repository root (where {@code jmh/} is) is found from where this class was loaded
 * ({@code engine-examples/target/classes}), or given as {@code --root}.
 */
public final class BenchCommand implements Command {
    private static final ArgParser OPTIONS = new ArgParser("bench")
        .flag("--quick", "a smoke run: 1 fork, 1 x 1 s warm-up, 1 x 1 s measured")
        .flag("--json", "also print a one-line JSON summary, last")
        .option("--out", "FILE", "where to write JMH's JSON results (default: jmh/target/bench-results.json)")
        .option("--root", "DIR", "the repository root holding jmh/ (default: found from this program's location)");

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "run the benchmark suite (S1-S6, allocation) with JMH, engine beside its peers; JSON results to a file";
    }

    @Override
    public ArgParser options() {
        return OPTIONS;
    }

    @Override
    public int execute(ParsedArgs parsed, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        Path root = root(parsed.value("--root", null));
        boolean quick = parsed.has("--quick");
        Path results = resultsFile(root, parsed.outputFile("--out"));
        JmhLauncher launcher = new JmhLauncher(root);
        if (!launcher.buildIfNeeded(err)) {
            err.println("htc bench: building " + launcher.jar() + " failed (Maven's output is above)");
            return 1;
        }
        Files.deleteIfExists(results);
        int code = launcher.runJmh(quick, results, err);
        if (code != 0 || !Files.isRegularFile(results)) {
            err.println("htc bench: JMH failed (exit code " + code + "); its output is above");
            return 1;
        }
        BenchSummary summary = BenchSummary.read(results);
        out.println("JMH results (JSON): " + results);
        summary.printText(out);
        if (parsed.has("--json")) {
            out.println(summary.toJson());
        }
        return 0;
    }

    /** @return the repository root: {@code --root}, or three levels above {@code engine-examples/target/classes} */
    static Path root(String given) {
        Path root;
        if (given != null) {
            root = Path.of(given).toAbsolutePath().normalize();
        } else {
            root = codeLocationRoot();
        }
        if (root == null || !Files.isRegularFile(root.resolve("jmh/pom.xml"))) {
            throw new UsageException((given != null ? "--root: " + given : "the repository root (" + root + ")")
                + " holds no jmh/pom.xml; give the repository root with --root DIR");
        }
        return root;
    }

    private static Path codeLocationRoot() {
        try {
            Path classes = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path module = classes.getParent() == null ? null : classes.getParent().getParent();
            return module == null ? null : module.getParent();
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return null;
        }
    }

    /**
     * @param given {@code --out}, checked by {@link ParsedArgs#outputFile}, or null
     * @return the results file: {@code --out}, or jmh/target/bench-results.json
     */
    static Path resultsFile(Path root, Path given) {
        return given == null ? root.resolve("jmh/target/bench-results.json") : given.toAbsolutePath().normalize();
    }
}
