package ai.nodetool.client.internal.session;

import ai.nodetool.client.errors.NodeToolIOException;
import ai.nodetool.client.errors.SessionClosedException;
import ai.nodetool.client.messages.CommandReply;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.session.Mode;
import ai.nodetool.client.session.SessionOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.HttpUrl;

/**
 * Reacts to a lost socket: fails the commands that were waiting for a reply, then reconnects with
 * exponential backoff and jitter, restores the mode and re-attaches every live job, or gives up
 * and ends the session. {@code reconnectAttempts} bounds the attempts since the last connection
 * that stayed open for {@link #STABLE_AFTER}: one that opens and is closed again at once counts.
 *
 * <p>Re-attaching a job: on a server that numbers frames ({@code job_seq}) it sends
 * {@code reconnect_job{job_id, last_seq}}; the server replays what was missed and the job drops
 * duplicates by {@code job_seq} itself. On a legacy server it asks {@code get_status} first. A
 * {@code run_job} is never resent.
 *
 * <p>Lock: none. Its only state is an attempt number carried from one attempt to the next; whether
 * a reconnect is still wanted is the connection's state ({@link Connection#reconnectTarget()}).
 * Called on the reader thread (loss), the timer (attempts) and the callback executor (replies).
 */
final class Reconnector implements Connection.LossListener {
    /** A connection that stayed open this long resets the attempt count. */
    static final Duration STABLE_AFTER = Duration.ofSeconds(10);

    private static final System.Logger LOG = System.getLogger(ai.nodetool.client.session.JobSession.class.getName());

    /** How the session ends when reconnecting is over. */
    interface Ending {
        /** The connection closed itself for good (authentication refused): end everything with cause. */
        void closedBy(Throwable cause);

        /** Give up: close the connection and end everything with cause (nothing if already closed). */
        void giveUp(Throwable cause);

        /**
         * The connection is back and the live jobs were asked to resume (for the session's events).
         *
         * @param attempt the attempt that succeeded, from 1
         * @param jobs the jobs whose resumption was asked for
         */
        default void resumed(int attempt, int jobs) {}

        /**
         * A job's replay was asked for after a reconnect (for the session's events).
         *
         * @param job the job
         * @param lastSeq the last {@code job_seq} it delivered, or -1 (legacy: replay by status)
         */
        default void replaying(JobState job, long lastSeq) {}
    }

    private final Connection connection;
    private final CommandChannel channel;
    private final Commands commands;
    private final FrameRouter router;
    private final SessionTimer timer;
    private final SessionOptions options;
    private final Ending ending;
    /**
     * Attempts made since the last stable connection. Written on loss and by attempts; one loss
     * or one attempt runs at a time (attempts are chained), so a volatile suffices.
     */
    private volatile int attemptsUsed;

    Reconnector(
            Connection connection,
            CommandChannel channel,
            Commands commands,
            FrameRouter router,
            SessionTimer timer,
            SessionOptions options,
            Ending ending) {
        this.connection = connection;
        this.channel = channel;
        this.commands = commands;
        this.router = router;
        this.timer = timer;
        this.options = options;
        this.ending = ending;
    }

    @Override
    public void onLost(Throwable cause, boolean fatal) {
        channel.failAll(kind -> fatal
                ? cause
                : new NodeToolIOException(
                        "Connection lost before the reply to " + kind.command()
                                + " arrived (the command may or may not have been applied): " + cause.getMessage(),
                        cause));
        if (fatal) {
            ending.closedBy(cause);
            return;
        }
        // A socket that is closed again soon after it opened did not really reconnect: its
        // attempt still counts, so a server that accepts and closes at once cannot keep the
        // session reconnecting forever (each attempt also waits its backoff).
        boolean stable = System.nanoTime() - connection.openedAtNanos() >= STABLE_AFTER.toNanos();
        int used = stable ? 0 : attemptsUsed;
        attemptsUsed = used;
        if (used >= options.reconnectAttempts()) {
            ending.giveUp(
                    used == 0
                            ? cause
                            : new NodeToolIOException(
                                    "WebSocket connection lost again within " + STABLE_AFTER.toSeconds()
                                            + " s after each of " + used + " reconnect attempt(s); last cause: "
                                            + cause.getMessage(),
                                    cause));
        } else {
            scheduleAttempt(used + 1);
        }
    }

    private void scheduleAttempt(int attempt) {
        long base = options.reconnectInitialDelay().toNanos();
        long cap = options.reconnectMaxDelay().toNanos();
        long exp = attempt >= 30 ? cap : Math.min(cap, base << (attempt - 1));
        // Full jitter: uniform in [base/2, exp], so many clients do not reconnect in lockstep.
        long delay = exp <= base / 2 ? exp : ThreadLocalRandom.current().nextLong(base / 2, exp + 1);
        timer.schedule(() -> attempt(attempt), Duration.ofNanos(delay)); // null: closed meanwhile
    }

    private void attempt(int attempt) {
        HttpUrl target = connection.reconnectTarget();
        if (target == null) {
            return; // closed meanwhile
        }
        attemptsUsed = attempt;
        LOG.log(
                System.Logger.Level.DEBUG,
                () -> "Reconnecting (attempt " + attempt + ") to " + Connection.redact(target));
        connection.open(target).whenComplete((ignored, error) -> {
            if (error == null) {
                resume(attempt);
            } else if (Connection.isFatal(error)) {
                ending.giveUp(error);
            } else if (attempt >= options.reconnectAttempts()) {
                ending.giveUp(new NodeToolIOException(
                        "WebSocket connection lost and " + attempt + " reconnect attempt(s) failed; last error: "
                                + error.getMessage(),
                        error));
            } else {
                scheduleAttempt(attempt + 1);
            }
        });
    }

    /**
     * Restores the connection's state: mode first, then every live job. {@code run_job} is never
     * resent (a job whose {@code run_job} was lost in flight is unknown to the server and will get
     * "not found").
     */
    private void resume(int attempt) {
        if (options.mode() != Mode.BINARY) {
            commands.setMode(options.mode());
        }
        boolean legacyEndpoint = connection.isLegacyEndpoint();
        java.util.List<JobState> live = new java.util.ArrayList<>();
        for (JobState job : router.jobs()) {
            if (!job.isDone()) {
                live.add(job);
            }
        }
        ending.resumed(attempt, live.size());
        for (JobState job : live) {
            boolean replay = !legacyEndpoint && (job.sawSeq() || job.frames() == 0);
            ending.replaying(job, replay ? job.lastSeq() : -1);
            if (replay) {
                long last = job.lastSeq();
                failIfRejected(job, commands.reconnectJob(job.jobId(), job.workflowId(), last < 0 ? 0L : last));
            } else {
                resumeLegacy(job);
            }
        }
    }

    /**
     * A server without {@code job_seq} cannot replay from a position (protocol-notes §9.1, Gen A/B): ask
     * where the job stands. A finished job ends with its status (its outputs were lost with the
     * socket); a running one is re-attached with {@code reconnect_job}, which on those servers
     * repeats the current job and node statuses before streaming on.
     */
    private void resumeLegacy(JobState job) {
        commands.getStatus(job.jobId()).whenComplete((status, error) -> {
            if (error != null) {
                if (!(error instanceof SessionClosedException)) {
                    Throwable cause = Commands.unwrap(error);
                    job.fail(new NodeToolIOException(
                            "Job " + job.jobId() + " could not be re-attached after a reconnect: " + cause.getMessage(),
                            cause));
                }
                return;
            }
            if (JobStatus.NOT_FOUND.equals(status) && job.cancelRequested()) {
                job.statusNotFound(); // a legacy server forgets a cancelled job (protocol-notes §7.2)
            } else if (status.isTerminal() || JobStatus.NOT_FOUND.equals(status)) {
                job.fail(new NodeToolIOException(
                        "The connection was lost while job " + job.jobId()
                                + " ran; the server reports it as '" + status.value()
                                + "' and cannot replay its updates (no job_seq: legacy server)",
                        null));
            } else {
                failIfRejected(job, commands.reconnectJob(job.jobId(), job.workflowId(), null));
            }
        });
    }

    /**
     * An error reply to the automatic {@code reconnect_job} means no frame of the job will come
     * again: end it with the rejection, or its publisher and result would wait until close().
     * A lost or timed-out reply is left alone: the job's frames may still come.
     */
    private static void failIfRejected(JobState job, CompletableFuture<CommandReply> reply) {
        reply.whenComplete((r, error) -> {
            if (error == null && r.isError()) {
                if (DefaultJobSession.isNotFound(r)) {
                    job.gone(r.error()); // retention expired or never known (protocol-notes §9.1)
                } else {
                    job.fail(CommandChannel.rejected("reconnect_job", r));
                }
            }
        });
    }
}
