package ai.nodetool.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** A PrintStream whose text tests can read (thread-safe: PrintStream synchronizes). */
final class Captured {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    /** The stream to hand to the code under test. */
    public final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    /** @return everything printed so far */
    public String text() {
        stream.flush();
        synchronized (stream) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public String toString() {
        return text();
    }
}
