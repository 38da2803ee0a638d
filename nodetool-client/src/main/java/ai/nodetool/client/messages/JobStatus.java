package ai.nodetool.client.messages;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A job status as the server spells it. Known values have constants; any other string is kept
 * as is ({@link #isKnown()} is then false), so a newer server never breaks decoding.
 *
 * <p>Statuses the servers send (protocol-notes §8.2, §7.2): Gen C {@code queued}, {@code running},
 * {@code completed}, {@code failed}, {@code cancelled} and, on newer runners, {@code suspended};
 * Gen B also {@code error}; {@code get_status} answers {@code not_found} for an unknown job. A
 * {@code queued} {@link JobUpdate} carries its 1-based {@link JobUpdate#queuePosition()}.
 *
 * <p>Terminal statuses (protocol-notes §8.2): {@code completed}, {@code failed}, {@code cancelled},
 * {@code error}, {@code timed_out}.
 *
 * @param value the status string as received, never null
 */
public record JobStatus(String value) {
    /** Waiting for a slot ({@code queue_position} tells where). */
    public static final JobStatus QUEUED = new JobStatus("queued");
    /** Accepted but not yet running (docs and clients). */
    public static final JobStatus PENDING = new JobStatus("pending");
    /** Starting (docs and clients). */
    public static final JobStatus STARTING = new JobStatus("starting");
    /** Running. */
    public static final JobStatus RUNNING = new JobStatus("running");
    /** Suspended (Gen B). */
    public static final JobStatus SUSPENDED = new JobStatus("suspended");
    /** Paused (docs and clients). */
    public static final JobStatus PAUSED = new JobStatus("paused");
    /** Finished successfully. Terminal. */
    public static final JobStatus COMPLETED = new JobStatus("completed");
    /** Failed. Terminal. */
    public static final JobStatus FAILED = new JobStatus("failed");
    /** Cancelled. Terminal. */
    public static final JobStatus CANCELLED = new JobStatus("cancelled");
    /** Runner failure (Gen B). Terminal. */
    public static final JobStatus ERROR = new JobStatus("error");
    /** Timed out. Terminal. */
    public static final JobStatus TIMED_OUT = new JobStatus("timed_out");
    /**
     * {@code get_status} for a job the server does not know (protocol-notes §7.2): never started,
     * on another connection, or forgotten (a legacy server forgets a job at once when it is
     * cancelled). Not terminal: it says nothing about how the job ended.
     */
    public static final JobStatus NOT_FOUND = new JobStatus("not_found");
    /** Stand-in when a message carries no status at all. Not terminal. */
    public static final JobStatus UNKNOWN = new JobStatus("unknown");

    private static final Set<String> KNOWN = Set.of(
            "queued",
            "pending",
            "starting",
            "running",
            "suspended",
            "paused",
            "completed",
            "failed",
            "cancelled",
            "error",
            "timed_out",
            "not_found");
    private static final Set<String> TERMINAL = Set.of("completed", "failed", "cancelled", "error", "timed_out");
    private static final Set<String> FAILURE = Set.of("failed", "error", "timed_out");

    /** @param value the status string, never null */
    public JobStatus {
        Objects.requireNonNull(value, "value");
    }

    /**
     * @param value a status string from the wire; null gives {@link #UNKNOWN}
     * @return the status (compared case-insensitively against the known values)
     */
    public static JobStatus of(String value) {
        if (value == null) {
            return UNKNOWN;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        return KNOWN.contains(lower) ? new JobStatus(lower) : new JobStatus(value);
    }

    /** @return true for a status this SDK knows */
    public boolean isKnown() {
        return KNOWN.contains(value);
    }

    /** @return true when no further updates follow: completed, failed, cancelled, error, timed_out */
    public boolean isTerminal() {
        return TERMINAL.contains(value);
    }

    /** @return true for failed, error and timed_out (not cancelled) */
    public boolean isFailure() {
        return FAILURE.contains(value);
    }

    /**
     * Equal when the values are equal. Written out rather than left to the record: the record's
     * generated {@code equals} and {@code hashCode} spin method-handle classes at their first call,
     * which a short-lived process (the command-line tool) pays at start and no start-up cache can hold.
     */
    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof JobStatus && value.equals(((JobStatus) o).value));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
