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

    /**
     * Runs the command.
     *
     * @param args the arguments after the command's name
     * @return the process exit code: 0 on success, 1 when the work itself failed
     * @throws UsageException on a bad argument (exit code 2)
     */
    int run(String[] args, PrintStream out, PrintStream err) throws Exception;
}
