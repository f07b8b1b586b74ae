package io.htcengine.internal.dag;

/**
 * The key of a graph task added without one: {@code "#"} and its index, e.g. {@code "#17"}. Made on demand (never
 * stored), so a graph built by index costs no strings until someone asks for a key. Stateless; any thread.
 */
public final class GeneratedKeys {
    private GeneratedKeys() {
    }

    /** @return the generated key of the task at {@code index} */
    public static String of(int index) {
        return "#" + index;
    }

    /**
     * @return the index {@code key} is the generated key of, or -1 when it is not of that form (exactly {@code "#"}
     *         and the index in decimal, as {@link #of} writes it: no sign, no leading zero, no spaces)
     */
    public static int indexOf(String key) {
        int length = key.length();
        if (length < 2 || length > 11 || key.charAt(0) != '#' || (key.charAt(1) == '0' && length > 2)) {
            return -1;
        }
        long value = 0;
        for (int i = 1; i < length; i++) {
            char c = key.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value > Integer.MAX_VALUE ? -1 : (int) value;
    }
}
