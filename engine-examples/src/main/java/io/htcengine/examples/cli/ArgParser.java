package io.htcengine.examples.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small GNU-style option parser: {@code --name value}, {@code --name=value} and {@code --flag}. In the first form
 * the value may not start with {@code --} (so {@code --db --json} is a missing value, not a file named
 * {@code --json}); {@code --name=value} takes any value, and a negative number such as {@code -5} is a value. Every option is
 * declared up front with a line of help, so an unknown option is reported with the list of allowed ones and
 * {@link #usage()} writes itself. {@code --help} and {@code -h} are always accepted.
 *
 * <pre>{@code
 * ArgParser parser = new ArgParser("demo").option("--tasks", "N", "tasks to run").flag("--json", "print JSON");
 * ParsedArgs parsed = parser.parse(args);
 * long tasks = parsed.longValue("--tasks", 1_000, 1, 1_000_000);
 * }</pre>
 */
public final class ArgParser {
    private final String command;
    private final Map<String, Option> options = new LinkedHashMap<>();

    /** @param command the command's name, used in messages and in the usage line. */
    public ArgParser(String command) {
        this.command = command;
    }

    /** Declares an option that takes a value, e.g. {@code --tasks N}. */
    public ArgParser option(String name, String valueName, String help) {
        return declare(new Option(name, valueName, help));
    }

    /** Declares an option that takes no value, e.g. {@code --json}. */
    public ArgParser flag(String name, String help) {
        return declare(new Option(name, null, help));
    }

    private ArgParser declare(Option option) {
        if (!option.name.startsWith("--") || options.putIfAbsent(option.name, option) != null) {
            throw new IllegalArgumentException("option names must start with -- and be unique: " + option.name);
        }
        return this;
    }

    /**
     * @throws UsageException for an unknown option, a missing value (also when the next argument is an option),
     *                        a value given to a flag, an option given twice, or a positional argument
     */
    public ParsedArgs parse(String... args) {
        Map<String, String> values = new HashMap<>();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq > 0 ? arg.substring(0, eq) : arg;
            Option option = options.get(name);
            if (option == null) {
                throw new UsageException((arg.startsWith("-") ? "unknown option '" + name + "'" : "unexpected argument '"
                    + arg + "'") + "; allowed options: " + String.join(", ", names()));
            }
            String value;
            if (option.isFlag()) {
                if (eq > 0) {
                    throw new UsageException(name + " takes no value, was given '" + arg.substring(eq + 1) + "'");
                }
                value = "true";
            } else if (eq > 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length && args[i + 1].startsWith("--")) {
                throw new UsageException(name + " needs a value: " + name + " " + option.valueName
                    + " (the next argument, '" + args[i + 1] + "', is an option; write " + name + "=" + args[i + 1]
                    + " if you mean it)");
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException(name + " needs a value: " + name + " " + option.valueName);
            }
            if (values.putIfAbsent(name, value) != null) {
                throw new UsageException(name + " is given more than once");
            }
        }
        return new ParsedArgs(values, help);
    }

    /** @return the declared option names, in declaration order. */
    public List<String> names() {
        List<String> names = new ArrayList<>(options.keySet());
        names.add("--help");
        return names;
    }

    /** @return a usage text: the synopsis, then one line per option. */
    public String usage() {
        StringBuilder synopsis = new StringBuilder("usage: ./htc ").append(command);
        int width = "--help".length();
        for (Option o : options.values()) {
            synopsis.append(" [").append(o.synopsis()).append(']');
            width = Math.max(width, o.synopsis().length());
        }
        StringBuilder text = new StringBuilder(synopsis).append(System.lineSeparator());
        for (Option o : options.values()) {
            text.append(String.format("  %-" + width + "s  %s%n", o.synopsis(), o.help));
        }
        text.append(String.format("  %-" + width + "s  %s%n", "--help", "print this help and exit"));
        return text.toString();
    }

    private static final class Option {
        final String name;
        final String valueName;
        final String help;

        Option(String name, String valueName, String help) {
            this.name = name;
            this.valueName = valueName;
            this.help = help;
        }

        boolean isFlag() {
            return valueName == null;
        }

        String synopsis() {
            return isFlag() ? name : name + " " + valueName;
        }
    }
}
