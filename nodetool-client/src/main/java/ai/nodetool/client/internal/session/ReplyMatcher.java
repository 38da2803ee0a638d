package ai.nodetool.client.internal.session;

import ai.nodetool.client.internal.json.Trees;
import ai.nodetool.client.messages.CommandReply;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Matches untyped command replies to the commands that are waiting for one. Replies carry no
 * request id (protocol-notes §7.2), so the rule is: commands queue in send order; a reply answers the
 * oldest queued command of a kind its shape allows (see {@link #kindsOf}), and a reply naming a
 * {@code job_id} only answers a command about that job. A reply whose shape names no kind (a
 * generic error) answers the oldest queued command of any kind. Thread-safe.
 */
public final class ReplyMatcher {

    /** The commands that get one direct reply. */
    public enum Kind {
        RUN_JOB("run_job"),
        RECONNECT_JOB("reconnect_job"),
        CANCEL_JOB("cancel_job"),
        GET_STATUS("get_status"),
        GET_STATUS_ALL("get_status"),
        SET_MODE("set_mode"),
        CLEAR_MODELS("clear_models"),
        STREAM_INPUT("stream_input"),
        END_INPUT_STREAM("end_input_stream"),
        UPDATE_NODE_PROPERTIES("update_node_properties");

        private final String command;

        Kind(String command) {
            this.command = command;
        }

        /** @return the wire command name */
        public String command() {
            return command;
        }
    }

    /** A command waiting for its reply. */
    public static final class Pending {
        final Kind kind;
        final String jobId;
        final CompletableFuture<CommandReply> reply = new CompletableFuture<>();
        /** System.nanoTime() after which the command has waited too long (Long.MAX_VALUE: never). */
        final long deadlineNanos;

        Pending(Kind kind, String jobId, long deadlineNanos) {
            this.kind = kind;
            this.jobId = jobId;
            this.deadlineNanos = deadlineNanos;
        }

        /** @return the command kind */
        public Kind kind() {
            return kind;
        }

        /** @return the job the command is about, or null */
        public String jobId() {
            return jobId;
        }

        /** @return completes with the matched reply (error replies included) */
        public CompletableFuture<CommandReply> reply() {
            return reply;
        }
    }

    private final ArrayDeque<Pending> queue = new ArrayDeque<>();

    /**
     * Queues a command; call before sending it so a fast reply always finds it.
     *
     * @param kind the command kind
     * @param jobId the job it is about, or null
     * @return the pending entry
     */
    public Pending register(Kind kind, String jobId) {
        return register(kind, jobId, Long.MAX_VALUE);
    }

    /**
     * Queues a command with a reply deadline; call before sending it so a fast reply always finds it.
     *
     * @param kind the command kind
     * @param jobId the job it is about, or null
     * @param deadlineNanos {@link System#nanoTime()} after which {@link #expire} removes it
     * @return the pending entry
     */
    public synchronized Pending register(Kind kind, String jobId, long deadlineNanos) {
        Pending p = new Pending(Objects.requireNonNull(kind, "kind"), jobId, deadlineNanos);
        queue.add(p);
        return p;
    }

    /**
     * Dequeues every command whose deadline has passed.
     *
     * @param nowNanos the current {@link System#nanoTime()}
     * @param expired receives the expired commands, oldest first
     * @return the earliest deadline still queued, or {@link Long#MAX_VALUE} when none
     */
    public synchronized long expire(long nowNanos, List<Pending> expired) {
        long earliest = Long.MAX_VALUE;
        for (Iterator<Pending> it = queue.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.deadlineNanos != Long.MAX_VALUE && nowNanos - p.deadlineNanos >= 0) {
                it.remove();
                expired.add(p);
            } else if (p.deadlineNanos != Long.MAX_VALUE
                    && (earliest == Long.MAX_VALUE || p.deadlineNanos - earliest < 0)) {
                earliest = p.deadlineNanos;
            }
        }
        return earliest;
    }

    /**
     * Removes a command that will get no reply (its send failed, or it timed out).
     *
     * @param p the entry
     * @return true if it was still queued
     */
    public synchronized boolean remove(Pending p) {
        return queue.remove(p);
    }

    /**
     * Finds and dequeues the command a reply answers.
     *
     * @param reply an untyped reply frame
     * @return the answered command, or null when none matches (the reply is then unsolicited)
     */
    public synchronized Pending match(CommandReply reply) {
        Set<Kind> kinds = kindsOf(reply);
        String jobId = Trees.scalarText(reply.raw(), "job_id");
        for (Iterator<Pending> it = queue.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (!kinds.contains(p.kind)) {
                continue;
            }
            if (jobId != null && !jobId.isEmpty() && p.jobId != null && !p.jobId.equals(jobId)) {
                continue;
            }
            it.remove();
            return p;
        }
        return null;
    }

    /**
     * Dequeues every command (the socket was lost or the session closed).
     *
     * @return the commands that were waiting, oldest first
     */
    public synchronized List<Pending> drain() {
        List<Pending> all = new ArrayList<>(queue);
        queue.clear();
        return all;
    }

    /** @return the number of commands waiting */
    public synchronized int size() {
        return queue.size();
    }

    /**
     * The command kinds a reply can answer, from its shape (protocol-notes §7.2 table; Gen A/B
     * wording included).
     *
     * @param reply the reply
     * @return the kinds; every kind when the shape is generic
     */
    static Set<Kind> kindsOf(CommandReply reply) {
        ObjectNode o = reply.raw();
        if (o.has("active_jobs")) {
            return EnumSet.of(Kind.GET_STATUS_ALL);
        }
        if (o.has("applied")) {
            return EnumSet.of(Kind.UPDATE_NODE_PROPERTIES);
        }
        String error = reply.error();
        if (error == null && o.hasNonNull("status")) {
            return EnumSet.of(Kind.GET_STATUS);
        }
        String text = error != null ? error : reply.message();
        if (text == null) {
            return EnumSet.allOf(Kind.class);
        }
        if (error == null) {
            if (text.startsWith("Job started")) {
                return EnumSet.of(Kind.RUN_JOB);
            }
            if (text.startsWith("Reconnecting to job") || text.startsWith("Resumption initiated")) {
                return EnumSet.of(Kind.RECONNECT_JOB);
            }
            if (text.startsWith("Queued job cancelled")
                    || text.startsWith("Job cancellation requested")
                    || text.startsWith("Job cancelled")) {
                return EnumSet.of(Kind.CANCEL_JOB);
            }
            if (text.startsWith("Mode set to")) {
                return EnumSet.of(Kind.SET_MODE);
            }
            if (text.startsWith("Model clearing") || text.startsWith("Unused models cleared")) {
                return EnumSet.of(Kind.CLEAR_MODELS);
            }
            if (text.startsWith("Input item streamed")) {
                return EnumSet.of(Kind.STREAM_INPUT);
            }
            if (text.startsWith("Input stream ended")) {
                return EnumSet.of(Kind.END_INPUT_STREAM);
            }
            return EnumSet.allOf(Kind.class);
        }
        if (text.startsWith("Job not found or already completed")) {
            return EnumSet.of(Kind.CANCEL_JOB);
        }
        if (text.startsWith("mode must be")) {
            return EnumSet.of(Kind.SET_MODE);
        }
        String details = reply.details();
        if (details != null
                && (details.contains("run_job")
                        || details.startsWith("Workflow not found")
                        || details.startsWith("workflow_id or graph"))) {
            return EnumSet.of(Kind.RUN_JOB);
        }
        return EnumSet.allOf(Kind.class);
    }
}
