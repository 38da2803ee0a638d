package ai.nodetool.cli;

import java.io.Console;
import java.lang.reflect.Method;

/**
 * Decides whether progress goes to an interactive terminal (a bar redrawn in place) or to a log (plain
 * lines). The launcher knows best ({@code [ -t 2 ]}: is standard error a terminal?) and says so in the
 * system property {@value #PROPERTY}; without it the JVM's console is asked.
 */
final class Terminal {
    /** Set by bin/nodetool to {@code true} when standard error is a terminal, else {@code false}. */
    static final String PROPERTY = "nodetool.interactive";

    private Terminal() {}

    /**
     * @return true when standard output is an interactive terminal. {@code System.console()} is
     *     null when input or output is redirected; on JDK 22+ it may be non-null even then, so
     *     {@code Console.isTerminal()} is consulted where it exists.
     */
    static boolean isInteractive() {
        String told = System.getProperty(PROPERTY);
        if (told != null) {
            return Boolean.parseBoolean(told);
        }
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
