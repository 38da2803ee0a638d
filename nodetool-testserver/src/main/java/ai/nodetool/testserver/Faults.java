package ai.nodetool.testserver;

import ai.nodetool.testserver.internal.core.FaultPlan;
import ai.nodetool.testserver.internal.core.HttpFailure;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Fault injection: makes the test server misbehave on purpose so a client's error handling can be
 * tested. Obtained from {@link NodeToolTestServer#faults()}; thread-safe; methods return {@code this}.
 *
 * <p>Stream faults ({@code dropStreamAfter}, {@code stallStreamAfter}, {@code malformedAfter},
 * {@code oversizeAfter}) arm the <em>next</em> streamed response: an NDJSON run
 * ({@code ?stream=true}), an SSE run ({@code /workflows/{id}/run/stream}) or the event stream of the
 * next WebSocket job. Several can be armed together; they are consumed by that one stream.
 */
public final class Faults {
    private final FaultPlan plan;

    Faults(FaultPlan plan) {
        this.plan = plan;
    }

    /**
     * Answers the next {@code count} requests matching {@code method} and {@code path} with {@code status}
     * and the generation's error body.
     *
     * @param method HTTP method, or {@code "*"} for any
     * @param path exact path such as {@code /api/workflows}, or a prefix ending in {@code *}
     * @param count how many requests to fail, at least 1
     * @param status the HTTP status to answer, 100..599
     * @return this
     * @throws IllegalArgumentException for a count below 1 or an invalid status
     */
    public Faults failNext(String method, String path, int count, int status) {
        return failNext(method, path, count, status, null);
    }

    /**
     * Like {@link #failNext(String, String, int, int)} and also sends {@code Retry-After} in whole seconds.
     *
     * @param method HTTP method, or {@code "*"} for any
     * @param path exact path, or a prefix ending in {@code *}
     * @param count how many requests to fail, at least 1
     * @param status the HTTP status to answer, 100..599
     * @param retryAfter the {@code Retry-After} to send, or null for none
     * @return this
     * @throws IllegalArgumentException for a count below 1 or an invalid status
     */
    public Faults failNext(String method, String path, int count, int status, Duration retryAfter) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1");
        }
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be an HTTP status code");
        }
        plan.addHttpFailure(new HttpFailure(method.toUpperCase(Locale.ROOT), path, count, status, retryAfter));
        return this;
    }

    /**
     * Drops the connection of the next stream after {@code messages} messages (no clean end).
     * On an NDJSON or SSE stream the client receives exactly those messages, then the connection
     * closes with the chunked body unfinished, so a client sees an I/O error rather than an end of
     * stream. On a WebSocket the socket is reset without a close frame; frames still in flight may be
     * lost, as on a real network failure (a replaying client recovers them).
     *
     * @param messages messages sent before the drop, at least 0
     * @return this
     */
    public Faults dropStreamAfter(int messages) {
        plan.dropStreamAfter(requireNonNegative(messages));
        return this;
    }

    /**
     * Pauses the next stream for {@code duration} after {@code messages} messages, sending nothing.
     *
     * @param messages messages sent before the stall, at least 0
     * @param duration how long to send nothing, not null
     * @return this
     */
    public Faults stallStreamAfter(int messages, Duration duration) {
        plan.stallStreamAfter(requireNonNegative(messages), Objects.requireNonNull(duration, "duration"));
        return this;
    }

    /**
     * Emits one malformed NDJSON line / SSE event / WebSocket frame after {@code messages} messages.
     *
     * @param messages messages sent before the malformed one, at least 0
     * @return this
     */
    public Faults malformedAfter(int messages) {
        plan.malformedAfter(requireNonNegative(messages));
        return this;
    }

    /**
     * Emits one line / event / frame of {@code bytes} bytes after {@code messages} messages.
     *
     * @param messages messages sent before the oversize one, at least 0
     * @param bytes the size of the oversize message, positive
     * @return this
     */
    public Faults oversizeAfter(int messages, int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("bytes must be positive");
        }
        plan.oversizeAfter(requireNonNegative(messages), bytes);
        return this;
    }

    /**
     * Answers the next WebSocket command with an undecodable binary frame instead of its reply.
     *
     * @return this
     */
    public Faults malformedNextFrame() {
        plan.malformedNextFrame();
        return this;
    }

    /**
     * Closes every open WebSocket now with this close code and reason.
     *
     * @param code the WebSocket close code, e.g. 1008 or 1012
     * @param reason the close reason, or null for none
     * @return this
     */
    public Faults closeWebSockets(int code, String reason) {
        plan.sockets().closeAll(code, reason == null ? "" : reason);
        return this;
    }

    /**
     * Drops every open WebSocket now without a close frame, as a lost network would.
     *
     * @return this
     */
    public Faults dropWebSockets() {
        plan.sockets().dropAll();
        return this;
    }

    /**
     * Simulates a server restart: every socket gets NodeTool's "server is restarting" error and close
     * code 1012. With {@code keepJobs} the running jobs survive (a client can reconnect to them);
     * without, they are gone as after a process restart.
     *
     * @param keepJobs whether running jobs survive the restart
     * @return this
     */
    public Faults restart(boolean keepJobs) {
        plan.sockets().restart(keepJobs);
        return this;
    }

    /**
     * Makes a legacy server send the {@code job_update cancelled} that real Gen A/B servers never send
     * after cancelling a running job, {@code delay} after the acknowledgement.
     *
     * <p>A real legacy server (every release from v0.6.0 to v0.6.3-rc.47) answers {@code cancel_job} with
     * {@code {"message":"Job cancellation requested","job_id","workflow_id"}}, kills the job's stream
     * and forgets the job: no terminal frame follows, and {@code get_status} then answers
     * {@code not_found} (see {@code docs/protocol-notes.md} §7.2). That is what the test server does by
     * default. With this fault it behaves like the server NodeTool's own clients were written for:
     * the job still ends with {@code {"type":"job_update","status":"cancelled","job_id","workflow_id"}}.
     * A client that must work against both can be tested on both paths, and with a delay, on a terminal
     * frame that arrives late (for example after the client already settled on the acknowledgement).
     *
     * <p>Unlike the stream faults it stays armed for every cancel until {@link #clear()} or
     * {@link #noLegacyCancelTerminalFrame()}. It has no effect on the current generation, whose
     * terminal frame always comes (from the kernel, after the acknowledgement).
     *
     * @param delay how long after the acknowledgement the frame is sent; {@link Duration#ZERO} for at
     *     once (it still follows the acknowledgement); not negative
     * @return this
     * @throws IllegalArgumentException for a negative delay
     */
    public Faults legacyCancelTerminalFrame(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative");
        }
        plan.legacyCancelTerminalFrame(delay);
        return this;
    }

    /**
     * Turns {@link #legacyCancelTerminalFrame(Duration)} off again: legacy cancels send no terminal frame.
     *
     * @return this
     */
    public Faults noLegacyCancelTerminalFrame() {
        plan.legacyCancelTerminalFrame(null);
        return this;
    }

    /**
     * Disarms every armed fault.
     *
     * @return this
     */
    public Faults clear() {
        plan.clear();
        return this;
    }

    private static int requireNonNegative(int messages) {
        if (messages < 0) {
            throw new IllegalArgumentException("messages must not be negative");
        }
        return messages;
    }
}
