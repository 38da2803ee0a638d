package ai.nodetool.client.internal.workflows;

import ai.nodetool.client.core.RequestOptions;
import ai.nodetool.client.internal.codec.MessageCodec;
import ai.nodetool.client.internal.http.HttpCaller;
import ai.nodetool.client.internal.stream.HttpJobStreams;
import ai.nodetool.client.internal.stream.RunTracker;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.streaming.JobStream;
import ai.nodetool.client.streaming.StreamOptions;
import ai.nodetool.client.workflows.AutoPager;
import ai.nodetool.client.workflows.ListWorkflowsParams;
import ai.nodetool.client.workflows.RawWorkflowsService;
import ai.nodetool.client.workflows.Workflow;
import ai.nodetool.client.workflows.WorkflowInterface;
import ai.nodetool.client.workflows.WorkflowPage;
import ai.nodetool.client.workflows.WorkflowRequest;
import ai.nodetool.client.workflows.WorkflowsService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * Editor API over HTTP. Paths are sent without a trailing slash; Gen A's redirect to the
 * slash form is followed by OkHttp (protocol-notes §4.4).
 */
public final class DefaultWorkflowsService implements WorkflowsService {
    private static final String[] BASE = {"api", "workflows"};

    private final HttpCaller http;
    private final HttpJobStreams streams;
    private final ai.nodetool.client.internal.assets.AssetResolver assets;
    private final Function<HttpCaller, ai.nodetool.client.internal.assets.AssetResolver> resolverFor;

    /**
     * @param http the client's HTTP plumbing
     * @param streams builds streamed runs
     */
    public DefaultWorkflowsService(HttpCaller http, HttpJobStreams streams) {
        this(http, streams, null, null);
    }

    /**
     * @param http the client's HTTP plumbing
     * @param streams builds streamed runs
     * @param assets uploads the local assets in run params first (null: none are resolved)
     */
    public DefaultWorkflowsService(
            HttpCaller http, HttpJobStreams streams, ai.nodetool.client.internal.assets.AssetResolver assets) {
        this(http, streams, assets, null);
    }

    /**
     * @param http the client's HTTP plumbing (or a view of it)
     * @param streams builds streamed runs
     * @param assets uploads the local assets in run params first (null: none are resolved)
     * @param resolverFor builds the asset resolver of a view bound to another server or token, so that
     *     its uploads go where its runs go (null: views keep {@code assets})
     */
    public DefaultWorkflowsService(
            HttpCaller http,
            HttpJobStreams streams,
            ai.nodetool.client.internal.assets.AssetResolver assets,
            Function<HttpCaller, ai.nodetool.client.internal.assets.AssetResolver> resolverFor) {
        this.http = http;
        this.streams = streams;
        this.assets = assets;
        this.resolverFor = resolverFor;
    }

    @Override
    public WorkflowsService withOptions(RequestOptions options) {
        HttpCaller view = http.withOptions(options);
        if (view == http) {
            return this;
        }
        RequestOptions merged = view.requestOptions();
        boolean otherCredentials =
                merged.baseUrl().isPresent() || merged.apiToken().isPresent();
        ai.nodetool.client.internal.assets.AssetResolver a =
                otherCredentials && resolverFor != null && assets != null ? resolverFor.apply(view) : assets;
        return new DefaultWorkflowsService(view, streams.with(view), a, resolverFor);
    }

    @Override
    public RawWorkflowsService withRawResponse() {
        return new DefaultRawWorkflowsService(this);
    }

    /**
     * @param sink told of each successful response
     * @return this service over a capturing view of its caller
     */
    DefaultWorkflowsService capturing(java.util.function.Consumer<okhttp3.Response> sink) {
        HttpCaller view = http.capturing(sink);
        return new DefaultWorkflowsService(view, streams.with(view), assets, resolverFor);
    }

    private Map<String, ?> resolved(Map<String, ?> params) {
        return assets == null ? params : assets.resolve(params);
    }

    private HttpUrl.Builder url(String... rest) {
        String[] all = new String[BASE.length + rest.length];
        System.arraycopy(BASE, 0, all, 0, BASE.length);
        System.arraycopy(rest, 0, all, BASE.length, rest.length);
        return http.editorUrlBuilder(all);
    }

    private static String requireId(String id) {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank");
        }
        return id;
    }

    @Override
    public WorkflowPage list() {
        return list(ListWorkflowsParams.builder().build());
    }

    @Override
    public WorkflowPage list(ListWorkflowsParams params) {
        HttpUrl.Builder u = url();
        if (params.limit() != null) {
            u.addQueryParameter("limit", params.limit().toString());
        }
        if (params.cursor() != null) {
            u.addQueryParameter("cursor", params.cursor());
        }
        if (params.runMode() != null) {
            u.addQueryParameter("run_mode", params.runMode());
        }
        if (params.columns() != null && !params.columns().isEmpty()) {
            u.addQueryParameter("columns", String.join(",", params.columns()));
        }
        return Pages.parse(http.executeJson(http.request(u.build()).get().build(), false), "list workflows");
    }

    @Override
    public AutoPager<Workflow> listAll() {
        return listAll(ListWorkflowsParams.builder().build());
    }

    @Override
    public AutoPager<Workflow> listAll(ListWorkflowsParams params) {
        return AutoPager.of(Objects.requireNonNull(params, "params"), this::list);
    }

    @Override
    public Workflow get(String id) {
        Request r = http.request(url(requireId(id)).build()).get().build();
        return Pages.workflow(http.executeJson(r, false), "get workflow");
    }

    @Override
    public Workflow create(WorkflowRequest request) {
        Request r = http.request(url().build())
                .post(http.jsonBody(request.toJson()))
                .build();
        return Pages.workflow(http.executeJson(r, false), "create workflow");
    }

    @Override
    public Workflow update(String id, WorkflowRequest request) {
        ObjectNode body = request.toJson();
        request.expectedUpdatedAt().ifPresent(v -> body.put("expected_updated_at", v));
        Request r = http.request(url(requireId(id)).build())
                .put(http.jsonBody(body))
                .build();
        return Pages.workflow(http.executeJson(r, false), "update workflow");
    }

    @Override
    public void delete(String id) {
        // Gen A answers 200 with the JSON body `null`, Gen C 204 with no body (protocol-notes §4.3, §4.4).
        http.executeJson(http.request(url(requireId(id)).build()).delete().build(), true);
    }

    @Override
    public WorkflowPage listPublic() {
        return Pages.parse(
                http.executeJson(http.request(url("public").build()).get().build(), false), "list public workflows");
    }

    @Override
    public Workflow getPublic(String id) {
        Request r = http.request(url("public", requireId(id)).build()).get().build();
        return Pages.workflow(http.executeJson(r, false), "get public workflow");
    }

    @Override
    public WorkflowPage examples() {
        return Pages.parse(
                http.executeJson(http.request(url("examples").build()).get().build(), false), "list examples");
    }

    @Override
    public WorkflowInterface interfaceOf(String id) {
        HttpUrl u = url(requireId(id), "interface")
                .addQueryParameter("version", "1")
                .build();
        return WorkflowInterface.fromJson(http.executeJson(http.request(u).get().build(), false));
    }

    private Request runRequest(String id, Map<String, ?> params) {
        return http.request(url(requireId(id), "run").build())
                .post(http.jsonBody(runBody(params)))
                .build();
    }

    private static ObjectNode runBody(Map<String, ?> params) {
        ObjectNode body = MessageCodec.json().createObjectNode();
        body.set("params", MessageCodec.json().valueToTree(params == null ? Map.of() : params));
        return body;
    }

    @Override
    public JobStream stream(String id, Map<String, ?> params, StreamOptions options) {
        Objects.requireNonNull(options, "options");
        HttpUrl u =
                url(requireId(id), "run").addQueryParameter("stream", "true").build();
        // Gen C answers application/json whatever we accept (protocol-notes §5.1), so accept both.
        Request r = http.request(u)
                .header("Accept", "application/x-ndjson, application/json")
                .post(http.jsonBody(runBody(resolved(params))))
                .build();
        return streams.open(r, RunTracker.Format.NDJSON, options);
    }

    @Override
    public RunResult run(String id, Map<String, ?> params) {
        return RunOutcome.run(http, runRequest(id, resolved(params)), this::toResult);
    }

    @Override
    public CompletableFuture<RunResult> runAsync(String id, Map<String, ?> params) {
        if (assets != null && ai.nodetool.client.internal.assets.AssetResolver.containsLocal(params)) {
            requireId(id);
            return assets.resolveAsync(params, http.callbackExecutor())
                    .thenCompose(p -> RunOutcome.runAsync(http, runRequest(id, p), this::toResult));
        }
        return RunOutcome.runAsync(http, runRequest(id, params), this::toResult);
    }

    private RunResult toResult(JsonNode body) {
        if (!body.isObject()) {
            throw new ai.nodetool.client.errors.NodeToolProtocolException(
                    "run workflow: expected a JSON object but got " + Pages.abbreviate(body.toString()));
        }
        if (body.isEmpty()) {
            throw RunOutcome.emptyLegacyAnswer();
        }
        RunResult r = RunResult.fromEditorResponse(body);
        if (r.error() != null) {
            // A failed run's text comes from the server and may quote the token (as HTTP errors do).
            r = RunResult.of(r.status(), r.jobId(), r.outputs(), http.scrub(r.error()), r.raw());
        }
        return RunOutcome.requireCompleted(r);
    }
}
