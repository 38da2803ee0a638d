package ai.nodetool.client.internal.stream;

import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.internal.codec.MessageCodec;
import ai.nodetool.client.internal.decode.NdjsonDecoder;
import ai.nodetool.client.internal.decode.SseDecoder;
import ai.nodetool.client.internal.flow.Source;
import ai.nodetool.client.internal.http.HttpCaller;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.RunResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Opens one streamed run over HTTP, on the publisher's executor, after subscription: makes the
 * call, maps a non-2xx status to its {@code NodeToolHttpException}, and puts the right decoder on
 * the body. Releasing the stream cancels the OkHttp call, which closes the socket at once (the
 * server sees the disconnect), whether the call is still waiting for its response head
 * ({@link #abort()}) or streaming ({@link Source#close()}).
 */
final class HttpStreamOpener implements Source.Opener<JobMessage> {

    private final HttpCaller http;
    private final OkHttpClient client;
    private final Request request;
    private final RunTracker.Format format;
    private final RunTracker tracker;
    private final int maxLineBytes;
    private final String what;
    private final AtomicReference<Call> call = new AtomicReference<>();
    private volatile boolean aborted;

    HttpStreamOpener(
            HttpCaller http,
            OkHttpClient client,
            Request request,
            RunTracker.Format format,
            RunTracker tracker,
            int maxLineBytes,
            String what) {
        this.http = http;
        this.client = client;
        this.request = request;
        this.format = format;
        this.tracker = tracker;
        this.maxLineBytes = maxLineBytes;
        this.what = what;
    }

    @Override
    public Source<JobMessage> open(Runnable heartbeat) {
        Call c = client.newCall(request);
        call.set(c);
        if (aborted) {
            c.cancel(); // released before we got here: fail fast without a request
        }
        Response response;
        try {
            response = c.execute();
        } catch (IOException e) {
            throw http.errors().ioFailure(e, c, false);
        }
        http.checkStatus(response); // closes the response and throws the mapped status exception
        heartbeat.run();
        try {
            return decode(response, c, heartbeat);
        } catch (RuntimeException e) {
            c.cancel();
            response.close();
            throw e;
        }
    }

    @Override
    public void abort() {
        aborted = true;
        Call c = call.get();
        if (c != null) {
            c.cancel();
        }
    }

    private Source<JobMessage> decode(Response response, Call c, Runnable heartbeat) {
        MediaType type = response.body().contentType();
        String subtype = type == null ? "" : type.subtype().toLowerCase(java.util.Locale.ROOT);
        if ("html".equals(subtype)) {
            throw new NodeToolProtocolException(what + ": expected a stream but got an HTML page (Content-Type " + type
                    + "); is the URL pointing at a NodeTool server?");
        }
        Body body = new Body(response, c);
        if (format == RunTracker.Format.SSE) {
            if (type != null && !"event-stream".equals(subtype)) {
                throw new NodeToolProtocolException(what + ": expected Content-Type text/event-stream but got " + type);
            }
            return new SseMessages(new SseDecoder(body.in, maxLineBytes, heartbeat), body);
        }
        if ("json".equals(subtype)) {
            // Gen C ignores ?stream=true and answers one JSON document (protocol-notes §5.1).
            return envelope(body);
        }
        return new NdjsonMessages(new NdjsonDecoder(body.in, MessageCodec.json(), maxLineBytes, heartbeat), body);
    }

    private Source<JobMessage> envelope(Body body) {
        byte[] bytes;
        try {
            bytes = body.in.readNBytes(maxLineBytes + 1);
        } catch (IOException e) {
            body.close();
            throw http.errors().ioFailure(e, body.call, true);
        }
        body.reachedEnd();
        body.close();
        if (bytes.length > maxLineBytes) {
            throw new NodeToolProtocolException(
                    what + ": the JSON answer is oversize: longer than " + maxLineBytes + " bytes");
        }
        JsonNode tree = MessageCodec.readJson(bytes);
        if (!tree.isObject()) {
            throw new NodeToolProtocolException(
                    what + ": expected a JSON object but got " + MessageCodec.preview(bytes));
        }
        tracker.useEnvelope(tree);
        Deque<JobMessage> messages = synthesize((ObjectNode) tree);
        return new Source<>() {
            @Override
            public JobMessage next() {
                JobMessage m = messages.poll();
                if (m == null) {
                    tracker.endOfInput(false, 0);
                }
                return m;
            }

            @Override
            public void close() {}
        };
    }

    /**
     * The typed messages a streaming server would have sent for this answer: an {@code error}
     * message when it carries an error, then the terminal {@code job_update} with the outputs in
     * Gen C's {@code result.outputs} shape. Gen A's flat map (a proxy that dropped the query?) is
     * treated as a completed run keyed by output title, as the blocking run treats it.
     */
    private static Deque<JobMessage> synthesize(ObjectNode body) {
        RunResult r = RunResult.fromEditorResponse(body);
        ObjectNode update = MessageCodec.json().createObjectNode();
        update.put("type", "job_update");
        update.put("status", r.status().value());
        if (r.jobId() != null) {
            update.put("job_id", r.jobId());
        }
        if (body.hasNonNull("workflow_id")) {
            update.set("workflow_id", body.get("workflow_id"));
        }
        ObjectNode outputs = update.putObject("result").putObject("outputs");
        boolean isEnvelope = body.has("outputs") && body.get("outputs").isObject();
        if (isEnvelope) {
            outputs.setAll((ObjectNode) body.get("outputs"));
        } else if (!body.has("status")) {
            for (Map.Entry<String, JsonNode> e : body.properties()) {
                ArrayNode one = outputs.putArray(e.getKey());
                one.add(e.getValue());
            }
        }
        Deque<JobMessage> messages = new ArrayDeque<>(2);
        if (r.error() != null) {
            update.put("error", r.error());
            ObjectNode error = MessageCodec.json().createObjectNode();
            error.put("type", "error");
            error.put("message", r.error());
            if (r.jobId() != null) {
                error.put("job_id", r.jobId());
            }
            messages.add(MessageCodec.decode(error));
        }
        messages.add(MessageCodec.decode(update));
        return messages;
    }

    /** The response body; closing it mid-stream cancels the call so the socket closes at once. */
    private static final class Body {
        final Response response;
        final Call call;
        final InputStream in;
        private volatile boolean atEnd;

        Body(Response response, Call call) {
            this.response = response;
            this.call = call;
            this.in = response.body().byteStream();
        }

        void reachedEnd() {
            atEnd = true;
        }

        void close() {
            if (!atEnd) {
                // Cancel first: closing a chunked body would otherwise try to drain it, and a
                // read blocked on another thread is only unblocked by closing the socket.
                call.cancel();
            }
            response.close();
        }
    }

    /** NDJSON lines → typed messages. */
    private final class NdjsonMessages implements Source<JobMessage> {
        private final NdjsonDecoder decoder;
        private final Body body;

        NdjsonMessages(NdjsonDecoder decoder, Body body) {
            this.decoder = decoder;
            this.body = body;
        }

        @Override
        public JobMessage next() throws IOException {
            JsonNode line = decoder.next();
            if (line == null) {
                body.reachedEnd();
                tracker.endOfInput(false, decoder.lineNumber());
                return null;
            }
            try {
                return MessageCodec.decode(untypedError(line));
            } catch (NodeToolProtocolException e) {
                long n = decoder.lineNumber();
                throw new NodeToolProtocolException(
                        "Malformed NDJSON message at line " + n + ": " + e.getMessage(), e, n);
            }
        }

        @Override
        public void close() {
            body.close();
        }
    }

    /**
     * Gen A writes {@code {"error": "..."}} (no {@code type}) when one message fails to serialise
     * (protocol-notes §5.3): deliver it as an error message rather than failing the stream.
     */
    private static JsonNode untypedError(JsonNode line) {
        if (line.isObject() && !line.has("type") && line.has("error")) {
            ObjectNode copy = ((ObjectNode) line).deepCopy();
            copy.put("type", "error");
            return copy;
        }
        return line;
    }

    /** SSE events → typed messages ({@code [DONE]} ends the input). */
    private final class SseMessages implements Source<JobMessage> {
        private final com.fasterxml.jackson.core.JsonFactory factory =
                MessageCodec.json().getFactory();
        private final SseDecoder decoder;
        private final Body body;

        SseMessages(SseDecoder decoder, Body body) {
            this.decoder = decoder;
            this.body = body;
        }

        @Override
        public JobMessage next() throws IOException {
            JsonNode json = decoder.nextJson(factory);
            if (json == null) {
                if (!decoder.doneReceived()) {
                    body.reachedEnd(); // a true end of the body: no need to cut the connection
                }
                tracker.endOfInput(decoder.doneReceived(), decoder.lineNumber());
                return null;
            }
            try {
                return MessageCodec.decode(json);
            } catch (NodeToolProtocolException e) {
                long n = decoder.lineNumber();
                throw new NodeToolProtocolException(
                        "Malformed SSE event ending at line " + n + ": " + e.getMessage(), e, n);
            }
        }

        @Override
        public void close() {
            body.close();
        }
    }
}
