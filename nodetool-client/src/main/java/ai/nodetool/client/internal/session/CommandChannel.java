package ai.nodetool.client.internal.session;

import ai.nodetool.client.errors.CommandRejectedException;
import ai.nodetool.client.errors.NodeToolException;
import ai.nodetool.client.errors.NodeToolTimeoutException;
import ai.nodetool.client.internal.json.Json;
import ai.nodetool.client.internal.session.ReplyMatcher.Kind;
import ai.nodetool.client.internal.session.ReplyMatcher.Pending;
import ai.nodetool.client.messages.CommandReply;
import ai.nodetool.client.messages.Ping;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The outbound path and its replies: sends a command frame, queues it with {@link ReplyMatcher}
 * so that the untyped reply finds it, completes it with that reply (error replies included, as
 * values), and fails it when no reply comes within the reply timeout (one shared sweep on the session
 * timer for all waiting commands, no task per command) or the socket is lost. Also
 * answers the server's {@code ping} with {@code pong}.
 *
 * <p>Out: frames go to the {@link FrameSender} (the connection); replies come in through
 * {@link #onReply} from the router. Command futures complete on the thread that completes them
 * (reader thread, timer, or the sender); callers move user-facing stages to the callback executor.
 *
 * <p>Lock: no lock of its own; the only shared state, the queue of commands waiting for a reply,
 * is guarded by the {@link ReplyMatcher}'s monitor. Called from application threads, the reader
 * thread (replies, pongs, continuations), the timer (deadlines, reconnect) and the callback executor.
 */
final class CommandChannel implements FrameRouter.ControlFrames {
    private static final System.Logger LOG = System.getLogger(ai.nodetool.client.session.JobSession.class.getName());

    /** Where frames go out: the connection. */
    interface FrameSender {
        /** @throws NodeToolException when the frame cannot be sent (closed, reconnecting, closing) */
        void send(ObjectNode frame);
    }

    /** Shortest delay between two sweeps, so that near-simultaneous deadlines share one. */
    private static final long MIN_SWEEP_NANOS = 1_000_000;

    private final ReplyMatcher replies = new ReplyMatcher();
    private final AtomicBoolean sweepArmed = new AtomicBoolean();
    private final FrameSender sender;
    private final SessionTimer timer;
    private final Duration replyTimeout;
    private final UnaryOperator<String> scrub;

    CommandChannel(FrameSender sender, SessionTimer timer, Duration replyTimeout, UnaryOperator<String> scrub) {
        this.sender = sender;
        this.timer = timer;
        this.replyTimeout = replyTimeout;
        this.scrub = scrub;
    }

    /**
     * Sends a command and returns its reply.
     *
     * @param kind what the command is, for reply matching
     * @param jobId the job it is about, or null
     * @param frame the encoded command
     * @return completes with the reply (also an error reply); fails with the send failure (already
     *     completed on return), a timeout, or the loss of the socket
     */
    CompletableFuture<CommandReply> send(Kind kind, String jobId, ObjectNode frame) {
        Pending p = replies.register(kind, jobId, System.nanoTime() + replyTimeout.toNanos());
        try {
            sender.send(frame);
        } catch (RuntimeException e) {
            replies.remove(p);
            p.reply().completeExceptionally(e);
            return p.reply();
        }
        armSweep(replyTimeout.toNanos());
        return p.reply();
    }

    /** Sends a frame that gets no reply (pong); a failure is logged, not thrown. */
    void sendControl(ObjectNode frame) {
        try {
            sender.send(frame);
        } catch (NodeToolException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "Control frame not sent: " + e.getMessage());
        }
    }

    @Override
    public void onReply(CommandReply reply) {
        Pending p = replies.match(reply);
        if (p == null) {
            LOG.log(System.Logger.Level.DEBUG, () -> "Unsolicited reply: " + reply.raw());
            return;
        }
        p.reply().complete(scrubbed(reply));
    }

    /**
     * The reply with the client's token removed from every string in it: a server may echo it in an
     * error text (Gen C does not redact WS replies, protocol-notes §7.5), and a reply's text ends up
     * in exceptions and logs. The same rule as HTTP error messages ({@code ErrorMapper.scrub}).
     */
    private CommandReply scrubbed(CommandReply reply) {
        if (!quotesSecret(reply.raw(), 0)) {
            // No string (key, text, number) of the reply contains a secret: the rendering below would
            // come back unchanged. Checked on the tree, without rendering every reply to JSON first.
            return reply;
        }
        String text = reply.raw().toString();
        String clean = scrub.apply(text);
        if (clean == null || clean.equals(text)) {
            return reply;
        }
        try {
            return CommandReply.of((ObjectNode) Json.mapper().readTree(clean));
        } catch (java.io.IOException | ClassCastException e) {
            ObjectNode o = Json.mapper().createObjectNode();
            o.put("error", "(reply withheld: it quoted the client's token)");
            return CommandReply.of(o);
        }
    }

    /**
     * @return true when the scrub changes a key or a scalar's text somewhere in {@code node} (or the
     *     tree nests too deep to tell), so that the reply must be rendered and scrubbed as text
     */
    private boolean quotesSecret(JsonNode node, int depth) {
        if (depth > 64) {
            return true;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (changes(e.getKey()) || quotesSecret(e.getValue(), depth + 1)) {
                    return true;
                }
            }
            return false;
        }
        if (node.isArray()) {
            for (JsonNode item : node) {
                if (quotesSecret(item, depth + 1)) {
                    return true;
                }
            }
            return false;
        }
        if (node.isTextual() || node.isNumber()) {
            return changes(node.asText());
        }
        if (node.isBinary() || node.isPojo()) {
            return changes(node.toString());
        }
        return false; // null, boolean: their text is a JSON literal
    }

    private boolean changes(String text) {
        String clean = scrub.apply(text);
        return clean != null && !clean.equals(text);
    }

    @Override
    public void onPing(Ping ping) {
        sendControl(CommandEncoder.pong(System.currentTimeMillis() / 1000.0));
    }

    /**
     * Fails every command waiting for a reply (the socket was lost, or the session ended).
     *
     * @param error the error for a command of the given kind
     */
    void failAll(Function<Kind, Throwable> error) {
        for (Pending p : replies.drain()) {
            p.reply().completeExceptionally(error.apply(p.kind()));
        }
    }

    /**
     * The exception for an error reply. The reply was scrubbed of the token when it arrived
     * ({@link #onReply}), so its text is safe to show.
     */
    static CommandRejectedException rejected(String command, CommandReply reply) {
        return new CommandRejectedException(command, reply.error(), reply.details(), reply.raw());
    }

    // One shared deadline for all commands waiting for a reply: a single sweep task on the session
    // timer, armed while any command waits, instead of a scheduled task per command. Commands all
    // have the same timeout and queue in send order, so the sweep usually finds the expired ones at
    // the head of the queue.

    /** Schedules the sweep in {@code delayNanos} unless one is scheduled (or running). */
    private void armSweep(long delayNanos) {
        if (sweepArmed.compareAndSet(false, true)) {
            // A null task means the session ended concurrently: ending fails every pending reply.
            timer.schedule(this::sweep, Duration.ofNanos(Math.max(delayNanos, MIN_SWEEP_NANOS)));
        }
    }

    private void sweep() {
        List<Pending> expired = new ArrayList<>();
        replies.expire(System.nanoTime(), expired);
        for (Pending p : expired) {
            p.reply()
                    .completeExceptionally(new NodeToolTimeoutException(
                            NodeToolTimeoutException.Kind.CALL,
                            "No reply to " + p.kind().command() + " within " + replyTimeout,
                            null));
        }
        // Disarm, then look again: a command queued meanwhile saw the sweep armed and left it to us.
        sweepArmed.set(false);
        long earliest = replies.expire(System.nanoTime(), expired = new ArrayList<>());
        for (Pending p : expired) {
            p.reply()
                    .completeExceptionally(new NodeToolTimeoutException(
                            NodeToolTimeoutException.Kind.CALL,
                            "No reply to " + p.kind().command() + " within " + replyTimeout,
                            null));
        }
        if (earliest != Long.MAX_VALUE) {
            armSweep(earliest - System.nanoTime());
        }
    }
}
