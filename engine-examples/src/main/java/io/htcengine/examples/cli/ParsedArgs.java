package io.htcengine.examples.cli;

import io.htcengine.sqlite.SqliteStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The options of one command line, read with their defaults and allowed ranges. Immutable. */
public final class ParsedArgs {
    /** Digits, optionally grouped by underscores as in Java literals: {@code 1_000_000}. */
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?\\d+(_\\d+)*");
    /** A plain decimal number, optionally with an exponent; no hex, no NaN or Infinity, no type suffix. */
    private static final Pattern DECIMAL_NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private final Map<String, String> values;
    private final boolean help;

    ParsedArgs(Map<String, String> values, boolean help) {
        this.values = Map.copyOf(values);
        this.help = help;
    }

    /** @return whether {@code --help} or {@code -h} was given. */
    public boolean helpRequested() {
        return help;
    }

    /** @return whether the flag (or option) was given. */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /**
     * @return the option's value as a whole number from {@code min} to {@code max}, or {@code defaultValue} when
     * the option was not given
     * @throws UsageException naming the option and the allowed range when the value is not such a number
     */
    public long longValue(String name, long defaultValue, long min, long max) {
        String text = values.get(name);
        if (text == null) {
            return defaultValue;
        }
        String range = min == Long.MIN_VALUE && max == Long.MAX_VALUE ? "a whole number (64-bit)"
            : "a whole number from " + group(min) + " to " + group(max);
        if (!WHOLE_NUMBER.matcher(text).matches()) {
            throw new UsageException(name + " must be " + range + ", was '" + text + "'");
        }
        long value;
        try {
            value = Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be " + range + ", was '" + text + "' (too large)");
        }
        if (value < min || value > max) {
            throw new UsageException(name + " must be " + range + ", was " + group(value));
        }
        return value;
    }

    /** @return the option's value as given, or {@code defaultValue} when the option was not given. */
    public String value(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    /**
     * @return the option's value as a decimal number from {@code min} to {@code max} (e.g. {@code 0.5},
     * {@code 2}, {@code 1e-3}), or {@code defaultValue} when the option was not given
     * @throws UsageException naming the option and the allowed range when the value is not such a number
     */
    public double doubleValue(String name, double defaultValue, double min, double max) {
        String text = values.get(name);
        if (text == null) {
            return defaultValue;
        }
        String range = "a number from " + decimal(min) + " to " + decimal(max);
        if (!DECIMAL_NUMBER.matcher(text).matches()) {
            throw new UsageException(name + " must be " + range + ", was '" + text + "'");
        }
        double value = Double.parseDouble(text); // the pattern admits only what parseDouble reads; 1e999 is infinite
        if (value < min || value > max) {
            throw new UsageException(name + " must be " + range + ", was " + text);
        }
        return value;
    }

    /**
     * Checks that a required option was given.
     *
     * @throws UsageException {@code <name> is required: <name> <valueName>} when it was not
     */
    public void require(String name, String valueName) {
        if (!has(name)) {
            throw new UsageException(name + " is required: " + name + " " + valueName);
        }
    }

    /**
     * @return the option's value as a file to read, or null when the option was not given
     * @throws UsageException naming the option when the value is empty, or not an existing, readable regular file
     */
    public Path inputFile(String name) {
        String text = values.get(name);
        if (text == null) {
            return null;
        }
        Path file = path(name, text);
        if (Files.isDirectory(file)) {
            throw new UsageException(name + ": " + file + " is a directory, not a file");
        }
        if (!Files.exists(file)) {
            throw new UsageException(name + ": no such file: " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new UsageException(name + ": " + file + " is not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new UsageException(name + ": " + file + " is not readable (no permission)");
        }
        return file;
    }

    /**
     * @return the option's value as a file to write (created, or replaced when it exists), or null when the option
     * was not given
     * @throws UsageException naming the option when the value is empty, a directory, or in a folder that does not
     *                        exist, or when the file cannot be written there
     */
    public Path outputFile(String name) {
        String text = values.get(name);
        return text == null ? null : outputPath(name, text);
    }

    /**
     * @return the option's value, or {@code defaultValue}, as a SQLite job store: an {@link #outputFile} that, when
     * it exists and is not empty, starts with the SQLite header (a store never resets a file it refuses; this says
     * so before any work starts)
     * @throws UsageException naming the option when it is no such file
     */
    public Path storeFile(String name, String defaultValue) {
        Path file = outputPath(name, values.getOrDefault(name, defaultValue));
        try {
            if (!SqliteStore.couldBeStore(file)) {
                throw new UsageException(name + ": " + file + " is not an SQLite database, so it is no job store; "
                    + "it was left untouched");
            }
        } catch (IOException e) {
            throw new UsageException(name + ": cannot read " + file + ": " + e.getMessage());
        }
        return file;
    }

    private static Path outputPath(String name, String text) {
        Path file = path(name, text);
        if (Files.isDirectory(file)) {
            throw new UsageException(name + ": " + file + " is a directory, not a file");
        }
        Path folder = file.toAbsolutePath().normalize().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw new UsageException(Files.exists(folder) ? name + ": " + folder + " is not a directory"
                : name + ": no such directory: " + folder);
        }
        if (Files.exists(file) ? !Files.isWritable(file) : folder != null && !Files.isWritable(folder)) {
            throw new UsageException(name + ": " + (Files.exists(file) ? file : folder) + " is not writable "
                + "(no permission)");
        }
        return file;
    }

    private static Path path(String name, String text) {
        if (text.isBlank()) {
            throw new UsageException(name + " must be a file path, was '" + text + "'");
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new UsageException(name + " must be a file path, was '" + text + "': " + e.getReason());
        }
    }

    /** As {@link #longValue}, for an int range. */
    public int intValue(String name, int defaultValue, int min, int max) {
        return (int) longValue(name, defaultValue, min, max);
    }

    private static String decimal(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? group((long) value)
            : String.format(Locale.ROOT, "%s", value);
    }

    private static String group(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
