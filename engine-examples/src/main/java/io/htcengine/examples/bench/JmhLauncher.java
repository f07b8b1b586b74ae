package io.htcengine.examples.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs the benchmark suite as a child process, {@code java -jar jmh/target/benchmarks.jar ...}, building the jar
 * with Maven first when it is missing or older than the sources it is built from.
 *
 * <p>Why a child process rather than JMH's {@code Runner} in this JVM: the benchmark classes, and the classes JMH
 * generates for them, live in the {@code jmh} module's shaded jar, not on the examples' class path; putting them
 * there would make the examples depend on the benchmarks module (and its JMH annotation processing) for one command.
 * JMH forks a fresh JVM per benchmark anyway, so one more process costs nothing measurable, and the command line it
 * runs is the same one docs/performance.md tells people to type, so the figures are reproducible by hand.
 *
 * <p>Not thread-safe; one run at a time.
 */
final class JmhLauncher {
    /** The JMH options of a quick smoke run: one fork, one 1 s warm-up iteration, one 1 s measured one. */
    static final List<String> QUICK = List.of("-f", "1", "-wi", "1", "-w", "1s", "-i", "1", "-r", "1s",
        "-p", "shape=randomLayered", "-p", "policy=bestFit");
    /** The JMH options of a full run, the ones docs/performance.md uses for its figures. */
    static final List<String> FULL = List.of("-f", "1", "-wi", "3", "-w", "2s", "-i", "5", "-r", "2s",
        "-p", "policy=bestFit");
    /** Profilers of every run: S4's latency percentiles, and bytes allocated per operation. */
    static final List<String> PROFILERS = List.of("-prof", "io.htcengine.jmh.LatencyProfiler", "-prof", "gc");

    private final Path root;

    /** @param root the repository root, holding {@code pom.xml} and {@code jmh/} */
    JmhLauncher(Path root) {
        this.root = root;
    }

    /** @return the benchmarks jar the build writes */
    Path jar() {
        return root.resolve("jmh/target/benchmarks.jar");
    }

    /** @return the JMH command-line arguments of a run (everything after {@code -jar benchmarks.jar}) */
    static List<String> jmhArguments(boolean quick, Path resultsFile) {
        List<String> args = new ArrayList<>();
        args.add(ScenarioTable.INCLUDE);
        args.addAll(quick ? QUICK : FULL);
        args.addAll(PROFILERS);
        args.addAll(List.of("-rf", "json", "-rff", resultsFile.toString()));
        return args;
    }

    /**
     * Builds the benchmarks jar when it is missing or stale, as {@code ./htc} builds the examples: a reactor build
     * ({@code mvn -pl jmh -am package}), Maven's output copied to {@code log}.
     *
     * @return true when the jar is there and up to date
     */
    boolean buildIfNeeded(PrintStream log) throws IOException, InterruptedException {
        String reason = staleReason();
        if (reason == null) {
            return true;
        }
        List<String> command = new ArrayList<>(List.of(System.getenv().getOrDefault("MVN", "mvn"), "-B", "-q",
            "-Dstyle.color=never", "-DskipTests", "-pl", "jmh", "-am", "package"));
        String extra = System.getenv("HTC_MVN_ARGS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        log.println("htc bench: " + reason + "; building it: " + String.join(" ", command));
        return run(command, log) == 0 && Files.isRegularFile(jar());
    }

    /** @return why the jar must be built, or null when it is up to date */
    private String staleReason() throws IOException {
        Path jar = jar();
        if (!Files.isRegularFile(jar)) {
            return jar + " is missing";
        }
        long built = Files.getLastModifiedTime(jar).toMillis();
        for (Path source : List.of(root.resolve("pom.xml"), root.resolve("jmh/pom.xml"), root.resolve("jmh/src/main"),
            root.resolve("engine-core/pom.xml"), root.resolve("engine-core/src/main"),
            root.resolve("engine-sqlite/pom.xml"), root.resolve("engine-sqlite/src/main"))) {
            if (!Files.exists(source)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(source)) {
                Path newer = files.filter(p -> newerThan(p, built)).findFirst().orElse(null);
                if (newer != null) {
                    return root.relativize(newer) + " changed since " + root.relativize(jar) + " was built";
                }
            }
        }
        return null;
    }

    private static boolean newerThan(Path file, long millis) {
        try {
            return Files.getLastModifiedTime(file).toMillis() > millis;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs JMH on the suite; its output goes to {@code log}. @return JMH's exit code */
    int runJmh(boolean quick, Path resultsFile, PrintStream log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "-jar", jar().toString()));
        command.addAll(jmhArguments(quick, resultsFile));
        log.println("htc bench: " + String.join(" ", command));
        return run(command, log);
    }

    private int run(List<String> command, PrintStream log) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        try (InputStream in = process.getInputStream()) {
            in.transferTo(log);
        } finally {
            log.flush();
        }
        return process.waitFor();
    }
}
