package ai.nodetool.client.internal.flow;

import java.util.Objects;

/**
 * The verdict of a terminal-item rule: the item just delivered ends the stream, which then
 * completes or fails. A transport supplies the rule as a
 * {@code Function<? super T, Termination>} returning {@code null} for ordinary items (for example:
 * a terminal {@code job_update} completes, or fails with {@code JobFailedException}).
 */
public final class Termination {

    private static final Termination COMPLETE = new Termination(null);

    private final Throwable error;

    private Termination(Throwable error) {
        this.error = error;
    }

    /**
     * @return a verdict: deliver the item, then {@code onComplete}
     */
    public static Termination complete() {
        return COMPLETE;
    }

    /**
     * @param error signalled to the subscriber after the item
     * @return a verdict: deliver the item, then {@code onError(error)}
     */
    public static Termination fail(Throwable error) {
        return new Termination(Objects.requireNonNull(error, "error"));
    }

    /**
     * @return the error to signal, or {@code null} for completion
     */
    public Throwable error() {
        return error;
    }

    @Override
    public String toString() {
        return error == null ? "Termination[complete]" : "Termination[fail: " + error + "]";
    }
}
