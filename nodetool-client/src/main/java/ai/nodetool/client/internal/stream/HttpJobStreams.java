package ai.nodetool.client.internal.stream;

import ai.nodetool.client.core.ClientOptions;
import ai.nodetool.client.events.RunKind;
import ai.nodetool.client.internal.events.Routes;
import ai.nodetool.client.internal.events.RunObserver;
import ai.nodetool.client.internal.flow.FlowOptions;
import ai.nodetool.client.internal.flow.Source;
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
        RunObserver observer = RunObserver.of(
                http.eventsFor(request),
                http.wireLog(),
                format == RunTracker.Format.SSE ? RunKind.WORKER_STREAM : RunKind.EDITOR_STREAM,
                Routes.workflowOfRun(request.url()),
                null);
        FlowOptions flow = FlowOptions.defaults()
                .withName(format == RunTracker.Format.SSE ? "sse" : "ndjson")
                .withExecutor(http.callbackExecutor())
                .withIdleTimeout(idle.isZero() ? null : idle);
        if (!observer.active()) {
            return new DefaultJobStream(StreamPublisher.pull(opener, tracker::accept, flow), tracker::result, what);
        }
        StreamPublisher<JobMessage> publisher = StreamPublisher.pull(
                observed(opener, observer),
                m -> {
                    observer.message(m);
                    return tracker.accept(m);
                },
                flow);
        DefaultJobStream stream = new DefaultJobStream(publisher, tracker::result, what);
        stream.whenEnded((result, error) -> {
            if (error instanceof java.util.concurrent.CancellationException) {
                observer.cancel();
            }
            observer.streamEnd(error);
            observer.end(result, error);
        });
        return stream;
    }

    /** The opener, reporting the run's start when it opens and the stream's opening when it did. */
    private static Source.Opener<JobMessage> observed(Source.Opener<JobMessage> opener, RunObserver observer) {
        return new Source.Opener<>() {
            @Override
            public Source<JobMessage> open(Runnable heartbeat) throws Exception {
                observer.start();
                Source<JobMessage> source = opener.open(heartbeat);
                observer.streamOpen();
                return source;
            }

            @Override
            public void abort() {
                opener.abort();
            }
        };
    }

    private static String describe(Request request) {
        HttpUrl u = request.url();
        // Path only (plus the stream flag): the query could carry values the user considers secret.
        String q = u.queryParameter("stream");
        return request.method() + " " + u.encodedPath() + (q == null ? "" : "?stream=" + q);
    }
}
