package io.htcengine.examples.cli;

import java.io.PrintStream;

/**
 * One {@code ./htc} command. Commands print their results to {@code out} (a machine-readable summary, when asked
 * for, is its last line) and everything else (progress, diagnostics) to {@code err}; they never call
 * {@link System#exit}, so a test can run them and read what they printed.
 */
public interface Command {
    /** @return the word that selects it on the command line, e.g. {@code demo}. */
    String name();

    /** @return one line for {@code ./htc --help}. */
    String summary();

    /** @return the options it takes, for parsing and for its {@code --help}. */
    ArgParser options();

    /**
     * Does the command's work with parsed arguments.
     *
     * @return the process exit code: 0 on success, 1 when the work itself failed
     * @throws UsageException on a bad argument value (exit code 2)
     */
    int execute(ParsedArgs args, PrintStream out, PrintStream err) throws Exception;

    /**
     * Parses {@code args} (the arguments after the command's name); prints the summary and options for
     * {@code --help}, otherwise runs {@link #execute}.
     *
     * @throws UsageException on a bad argument (exit code 2)
     */
    default int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        ParsedArgs parsed = options().parse(args);
        if (parsed.helpRequested()) {
            out.println(summary());
            out.print(options().usage());
            return 0;
        }
        return execute(parsed, out, err);
    }
}
