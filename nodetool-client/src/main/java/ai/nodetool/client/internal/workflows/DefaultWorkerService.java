package ai.nodetool.client.internal.workflows;

import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.internal.codec.MessageCodec;
import ai.nodetool.client.internal.http.HttpCaller;
import ai.nodetool.client.internal.stream.HttpJobStreams;
import ai.nodetool.client.internal.stream.RunTracker;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.streaming.JobStream;
import ai.nodetool.client.streaming.StreamOptions;
import ai.nodetool.client.workflows.WorkerService;
import ai.nodetool.client.workflows.WorkflowPage;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import okhttp3.Request;

/** Worker API over HTTP (protocol-notes §5.4). */
public final class DefaultWorkerService implements WorkerService {
    private final HttpCaller http;
    private final HttpJobStreams streams;

    /**
     * @param http the client's HTTP plumbing
     * @param streams builds streamed runs
     */
    public DefaultWorkerService(HttpCaller http, HttpJobStreams streams) {
        this.http = http;
        this.streams = streams;
    }

    @Override
    public WorkflowPage list() {
        return Pages.parse(
                http.executeJson(http.request(http.workerUrl("workflows")).get().build(), false),
                "list worker workflows");
    }

    private Request runRequest(String id, Map<String, ?> params) {
        Objects.requireNonNull(id, "id");
        // The worker takes the params object itself as the body, not {"params": …} (protocol-notes §5.4).
        return http.request(http.workerUrl("workflows", id, "run"))
                .post(http.jsonBody(MessageCodec.json().valueToTree(params == null ? Map.of() : inline(params))))
                .build();
    }

    @Override
    public JobStream stream(String id, Map<String, ?> params, StreamOptions options) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(options, "options");
        Request r = http.request(http.workerUrl("workflows", id, "run", "stream"))
                .header("Accept", "text/event-stream")
                .post(http.jsonBody(MessageCodec.json().valueToTree(params == null ? Map.of() : inline(params))))
                .build();
        return streams.open(r, RunTracker.Format.SSE, options);
    }

    @Override
    public RunResult run(String id, Map<String, ?> params) {
        return RunOutcome.run(http, runRequest(id, params), DefaultWorkerService::toResult);
    }

    @Override
    public CompletableFuture<RunResult> runAsync(String id, Map<String, ?> params) {
        return RunOutcome.runAsync(http, runRequest(id, params), DefaultWorkerService::toResult);
    }

    private static Map<String, ?> inline(Map<String, ?> params) {
        return ai.nodetool.client.internal.assets.AssetResolver.inlineAll(params);
    }

    private static RunResult toResult(JsonNode body) {
        if (!body.isObject() || !body.has("results")) {
            throw new NodeToolProtocolException(
                    "worker run: expected {\"results\": {...}} but got " + Pages.abbreviate(body.toString()));
        }
        return RunResult.fromWorkerResponse(body);
    }

    @Override
    public ai.nodetool.client.workflows.WorkerService withOptions(ai.nodetool.client.core.RequestOptions options) {
        HttpCaller view = http.withOptions(options);
        return view == http ? this : new DefaultWorkerService(view, streams.with(view));
    }
}
