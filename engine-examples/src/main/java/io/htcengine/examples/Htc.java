package io.htcengine.examples;

import io.htcengine.examples.autoscale.AutoscaleCommand;
import io.htcengine.examples.bench.BenchCommand;
import io.htcengine.examples.cli.Command;
import io.htcengine.examples.cli.UsageException;
import io.htcengine.examples.demo.MonteCarloDemo;
import io.htcengine.examples.replay.ComparePoliciesCommand;
import io.htcengine.examples.replay.ReplayCommand;
import io.htcengine.examples.workflow.WorkflowRunCommand;
import io.htcengine.examples.workflow.WorkflowSimCommand;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The entry point of {@code ./htc}: picks a command by its first argument and runs it with the rest.
 * Exit codes: 0 success, 1 the command's work failed, 2 a usage error (no command, an unknown command, a bad option
 * or a bad input file). Every error is one line, {@code htc <command>: <message>} on stderr; with the environment
 * variable {@code HTC_DEBUG} set (e.g. {@code HTC_DEBUG=1}) an unexpected error's stack trace follows it.
 *
 * <p>To add a command, implement {@link Command} in its own package and list it in {@link #COMMANDS}.
 */
public final class Htc {
    /** Exit code of a usage error. */
    public static final int USAGE = 2;

    private static final List<Command> COMMANDS = List.of(
        new MonteCarloDemo(),
        new WorkflowRunCommand(),
        new AutoscaleCommand(),
        new ReplayCommand(),
        new ComparePoliciesCommand(),
        new WorkflowSimCommand(),
        new BenchCommand(),
        new io.htcengine.examples.history.HistoryCommand());

    private Htc() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command line; returns the exit code instead of exiting, so tests can call it. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String debug = System.getenv("HTC_DEBUG");
        return run(args, out, err, debug != null && !debug.isEmpty());
    }

    /**
     * As {@link #run(String[], PrintStream, PrintStream)}; {@code debug} (the environment variable HTC_DEBUG, set
     * and not empty) adds the stack trace to an unexpected error's one line.
     */
    static int run(String[] args, PrintStream out, PrintStream err, boolean debug) {
        if (args.length == 0) {
            err.println("htc: no command given; the commands are:");
            err.print(help());
            return USAGE;
        }
        if (isHelp(args[0])) {
            if (args.length > 2) {
                err.println("htc help: help takes one command name, was given " + (args.length - 1) + ": "
                    + String.join(" ", Arrays.copyOfRange(args, 1, args.length)));
                err.println("./htc --help lists the commands");
                return USAGE;
            }
            if (args.length == 2) {
                return commandHelp(args[1], out, err);
            }
            out.print(help());
            return 0;
        }
        Command command = find(args[0]);
        if (command == null) {
            err.println("htc: unknown command '" + args[0] + "'; allowed commands: " + names()
                + " (./htc --help lists them)");
            return USAGE;
        }
        try {
            return command.run(Arrays.copyOfRange(args, 1, args.length), out, err);
        } catch (UsageException e) {
            err.println("htc " + command.name() + ": " + e.getMessage());
            err.println("./htc " + command.name() + " --help lists its options");
            return USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("htc " + command.name() + ": interrupted");
            return 1;
        } catch (Exception e) {
            err.println("htc " + command.name() + ": " + describe(e));
            if (debug) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    /**
     * @return an unexpected error in one line: its message (its class's simple name when it has none), then what its
     * cause says when the message does not already say it
     */
    static String describe(Throwable e) {
        Throwable cause = e.getCause();
        String message = e.getMessage();
        if (cause != null && message != null && message.equals(cause.toString())) {
            // new XException(cause) only repeats the cause: say what the cause is and says
            return cause.getMessage() == null ? describe(cause) : cause.getClass().getSimpleName() + ": " + describe(cause);
        }
        String text = message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
        String because = cause == null ? null : cause.getMessage();
        if (because != null && !because.isBlank() && !text.contains(because)) {
            text += ": " + because;
        }
        return text;
    }

    /** @return the top-level help: one line per command. */
    public static String help() {
        StringBuilder text = new StringBuilder();
        text.append("usage: ./htc <command> [options]    (./htc <command> --help for its options)")
            .append(System.lineSeparator()).append(System.lineSeparator())
            .append("commands:").append(System.lineSeparator());
        int width = COMMANDS.stream().mapToInt(c -> c.name().length()).max().orElse(0);
        for (Command c : COMMANDS) {
            text.append(String.format("  %-" + width + "s  %s%n", c.name(), c.summary()));
        }
        text.append(String.format("  %-" + width + "s  %s%n", "help", "print this list, or a command's options"));
        text.append(System.lineSeparator()).append("exit codes: 0 ok, 1 the work failed, 2 a usage error; HTC_DEBUG=1 "
            + "adds the stack trace to an unexpected error").append(System.lineSeparator());
        return text.toString();
    }

    private static int commandHelp(String name, PrintStream out, PrintStream err) {
        Command command = find(name);
        if (command == null) {
            err.println("htc help: unknown command '" + name + "'; allowed commands: " + names());
            return USAGE;
        }
        return run(new String[] {name, "--help"}, out, err);
    }

    private static boolean isHelp(String arg) {
        return arg.equals("help") || arg.equals("--help") || arg.equals("-h");
    }

    private static Command find(String name) {
        return COMMANDS.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    private static String names() {
        return COMMANDS.stream().map(Command::name).collect(Collectors.joining(", "));
    }
}
