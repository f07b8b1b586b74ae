package io.htcengine.examples.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether the program talks to a person at a terminal (so live progress is worth drawing). */
public final class Terminal {
    private Terminal() {
    }

    /**
     * @return true when standard input and output are a terminal. Up to JDK 21 that is exactly
     * {@code System.console() != null}; from JDK 22 the console exists even when redirected, and
     * {@code Console.isTerminal()} (looked up reflectively, as this code targets Java 17) tells.
     */
    public static boolean isInteractive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
