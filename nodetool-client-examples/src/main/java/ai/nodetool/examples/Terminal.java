package ai.nodetool.examples;

import java.io.Console;
import java.lang.reflect.Method;

/** Decides whether output goes to an interactive terminal (progress bars) or to a log (CI). */
public final class Terminal {
    private Terminal() {}

    /**
     * @return true when standard output is an interactive terminal. {@code System.console()} is
     *     null when input or output is redirected; on JDK 22+ it may be non-null even then, so
     *     {@code Console.isTerminal()} is consulted where it exists.
     */
    public static boolean isInteractive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 17-21: a non-null console means a terminal
        }
    }
}
