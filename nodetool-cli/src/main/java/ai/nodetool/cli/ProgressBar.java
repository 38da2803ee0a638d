package ai.nodetool.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;

/**
 * A text progress bar fed from {@code node_progress} messages. In a terminal it redraws one line
 * ({@code \r}); otherwise (CI logs, captured output) it prints one plain line per change of
 * progress, so logs stay readable. Not thread-safe: call it from one thread at a time (a
 * {@code JobStream} delivers listener calls serially).
 */
final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean interactive;
    private final String label;
    private long lastDone = -1;
    private long lastTotal = -1;
    private boolean drawn;

    /**
     * @param out where to draw
     * @param interactive true to redraw in place (a terminal), false for plain lines
     * @param label what is in progress, e.g. the workflow id
     */
    public ProgressBar(PrintStream out, boolean interactive, String label) {
        this.out = Objects.requireNonNull(out, "out");
        this.interactive = interactive;
        this.label = Objects.requireNonNull(label, "label");
    }

    /**
     * Shows new progress; repeated identical values are ignored.
     *
     * @param done work done
     * @param total total work; not positive means unknown
     */
    public void update(double done, double total) {
        long d = Math.round(done);
        long t = Math.round(total);
        if (d == lastDone && t == lastTotal) {
            return;
        }
        lastDone = d;
        lastTotal = t;
        String counts = t > 0 ? d + "/" + t : Long.toString(d);
        int percent = t > 0 ? (int) Math.max(0, Math.min(100, Math.round(100.0 * done / total))) : 0;
        if (interactive) {
            int filled = t > 0 ? percent * WIDTH / 100 : 0;
            out.print("\r  " + label + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
                    + String.format(Locale.ROOT, "%3d%%", percent) + " " + counts);
            out.flush();
            drawn = true;
        } else {
            out.println("  progress " + label + ": " + counts + (t > 0 ? " (" + percent + "%)" : ""));
        }
    }

    /** Ends the bar's line in a terminal (no-op for plain lines or when nothing was drawn). */
    public void finish() {
        if (interactive && drawn) {
            out.println();
            drawn = false;
        }
    }
}
