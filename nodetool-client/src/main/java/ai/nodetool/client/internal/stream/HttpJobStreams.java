package ai.nodetool.client.internal.stream;

import ai.nodetool.client.internal.flow.FlowOptions;
import ai.nodetool.client.internal.flow.StreamPublisher;
import ai.nodetool.client.internal.http.HttpCaller;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.streaming.JobStream;
import ai.nodetool.client.streaming.StreamOptions;
import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * Builds the {@link JobStream}s of HTTP streamed runs: one {@link StreamPublisher#pull pull
 * publisher} reading an {@link HttpStreamOpener}'s source, with a {@link RunTracker} as its
 * terminal rule, delivering on the client's callback executor. Thread-safe.
 */
public final class HttpJobStreams {

    /**
     * The client-wide stream defaults.
     *
     * @param idleTimeout default idle timeout; zero disables
     * @param maxLineBytes default longest NDJSON line / SSE event
     */
    public record Defaults(Duration idleTimeout, int maxLineBytes) {
        /** Validates. */
        public Defaults {
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            if (maxLineBytes < 1) {
                throw new IllegalArgumentException("maxLineBytes must be positive");
            }
        }
    }

    private final HttpCaller http;
    private final Defaults defaults;

    /**
     * @param http the client's HTTP plumbing
     * @param defaults the client's stream defaults
     */
    public HttpJobStreams(HttpCaller http, Defaults defaults) {
        this.http = http;
        this.defaults = defaults;
    }

    /**
     * A cold stream of {@code request}'s response; nothing is sent until it is subscribed.
     *
     * @param request the POST to make (Accept header and body set)
     * @param format NDJSON (Editor API) or SSE (Worker API)
     * @param options per-call options, overriding the client defaults
     * @return the stream
     */
    public JobStream open(Request request, RunTracker.Format format, StreamOptions options) {
        Objects.requireNonNull(options, "options");
        Duration idle = options.idleTimeout().orElse(defaults.idleTimeout());
        int maxLine = options.maxLineBytes().orElse(defaults.maxLineBytes());
        String what = describe(request);
        RunTracker tracker = new RunTracker(format, what);
        HttpStreamOpener opener = new HttpStreamOpener(http, http.streamingClient(), request, format, tracker,
                maxLine, what);
        FlowOptions flow = FlowOptions.defaults()
                .withName(format == RunTracker.Format.SSE ? "sse" : "ndjson")
                .withExecutor(http.callbackExecutor())
                .withIdleTimeout(idle.isZero() ? null : idle);
        StreamPublisher<JobMessage> publisher = StreamPublisher.pull(opener, tracker::accept, flow);
        return JobStreamAccess.create(publisher, tracker::result, what);
    }

    private static String describe(Request request) {
        HttpUrl u = request.url();
        // Path only (plus the stream flag): the query could carry values the user considers secret.
        String q = u.queryParameter("stream");
        return request.method() + " " + u.encodedPath() + (q == null ? "" : "?stream=" + q);
    }
}
