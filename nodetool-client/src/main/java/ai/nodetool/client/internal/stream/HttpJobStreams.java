package ai.nodetool.client.internal.stream;

import ai.nodetool.client.core.ClientOptions;
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

    private final ClientOptions options;
    private final HttpCaller http;

    /**
     * @param options the client's options (stream defaults: idle timeout, longest line)
     * @param http the client's HTTP plumbing
     */
    public HttpJobStreams(ClientOptions options, HttpCaller http) {
        this.options = options;
        this.http = http;
    }

    /**
     * @param view a view of the client's caller (per-call options, another server)
     * @return streams whose calls go through {@code view}
     */
    public HttpJobStreams with(HttpCaller view) {
        return view == http ? this : new HttpJobStreams(options, view);
    }

    /**
     * A cold stream of {@code request}'s response; nothing is sent until it is subscribed.
     *
     * @param request the POST to make (Accept header and body set)
     * @param format NDJSON (Editor API) or SSE (Worker API)
     * @param perCall per-call options, overriding the client defaults
     * @return the stream
     */
    public JobStream open(Request request, RunTracker.Format format, StreamOptions perCall) {
        Objects.requireNonNull(perCall, "options");
        Duration idle = perCall.idleTimeout().orElse(http.streamIdleTimeout(options.streamIdleTimeout()));
        int maxLine = perCall.maxLineBytes().orElse(options.maxLineBytes());
        String what = describe(request);
        RunTracker tracker = new RunTracker(format, what);
        HttpStreamOpener opener =
                new HttpStreamOpener(http, http.streamingClient(), request, format, tracker, maxLine, what);
        FlowOptions flow = FlowOptions.defaults()
                .withName(format == RunTracker.Format.SSE ? "sse" : "ndjson")
                .withExecutor(http.callbackExecutor())
                .withIdleTimeout(idle.isZero() ? null : idle);
        StreamPublisher<JobMessage> publisher = StreamPublisher.pull(opener, tracker::accept, flow);
        return new DefaultJobStream(publisher, tracker::result, what);
    }

    private static String describe(Request request) {
        HttpUrl u = request.url();
        // Path only (plus the stream flag): the query could carry values the user considers secret.
        String q = u.queryParameter("stream");
        return request.method() + " " + u.encodedPath() + (q == null ? "" : "?stream=" + q);
    }
}
