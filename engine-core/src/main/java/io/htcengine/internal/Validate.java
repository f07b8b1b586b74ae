package io.htcengine.internal;

/**
 * Argument checks whose messages name the field and the allowed values, for the API, SPI and simulation packages
 * (this package is not exported: hosts do not see it).
 */
public final class Validate {
    private Validate() {
    }

    public static int range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    public static long range(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    /** The longest duration the engine takes: it must fit in nanoseconds added to a clock reading. */
    public static final java.time.Duration MAX_DURATION = java.time.Duration.ofDays(36_500);

    /** A positive duration of at most {@link #MAX_DURATION} (100 years). */
    public static java.time.Duration positive(String field, java.time.Duration value) {
        notNull(field, value);
        if (value.isNegative() || value.isZero() || value.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException(field + " must be positive and at most 36500 days, was " + value);
        }
        return value;
    }

    /** A duration from zero to {@link #MAX_DURATION} (100 years). */
    public static java.time.Duration nonNegative(String field, java.time.Duration value) {
        notNull(field, value);
        if (value.isNegative() || value.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException(field + " must be zero or positive and at most 36500 days, was " + value);
        }
        return value;
    }

    public static <T> T notNull(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        return value;
    }

    public static String notBlank(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must be a non-blank string, was " + (value == null ? "null" : "'" + value + "'"));
        }
        return value;
    }
}
