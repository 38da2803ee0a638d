package ai.nodetool.testserver.internal.rest;

import ai.nodetool.testserver.internal.core.Dialect;
import ai.nodetool.testserver.internal.core.Dialect.RestEndpoint;
import ai.nodetool.testserver.internal.core.Dialect.RestRoute;
import ai.nodetool.testserver.internal.core.Responses;
import ai.nodetool.testserver.internal.core.ServerState;
import ai.nodetool.testserver.internal.net.RequestExchange;
import ai.nodetool.testserver.internal.net.RequestHandler;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The REST routes of the generation the server plays: the Editor API ({@code /api/workflows/*}),
 * Gen A's Worker API, health routes and Gen C's temp storage. Which routes exist is the
 * {@link Dialect}'s route table; how paths match is its {@link RequestRules}. The {@link
 * ai.nodetool.testserver.internal.core.Router} has already recorded the request, checked auth and
 * applied injected HTTP faults.
 *
 * <p>Path matching follows each server: Gen A is FastAPI (the trailing slash is significant; a path
 * that matches only with the slash toggled answers {@code 307} to it; {@code 404 Not Found},
 * {@code 405 Method Not Allowed} with {@code Allow}); Gen C matches with or without a trailing slash,
 * answers {@code HEAD} like {@code GET}, {@code 404 Not found}, {@code 405 Method not allowed}
 * (protocol-notes §2.3, §4.3, §4.4). Handlers run on the connection's thread; thread-safe.
 */
public final class RestApi implements RequestHandler {
    private final Routes routes = new Routes();
    /** The routes whose handlers stream the request body from its spool file instead of reading it whole. */
    private final Routes uploads = new Routes();

    private final RequestRules requests;

    /** Builds the route table of {@code state}'s dialect; the state's store, engine and faults are shared. */
    public RestApi(ServerState state) {
        Dialect dialect = state.dialect();
        Bodies bodies = new Bodies(state.json());
        this.requests = RequestRules.of(dialect.httpStack(), bodies, new WorkflowShapes(dialect));
        EditorRoutes editor = new EditorRoutes(state, requests);
        RunRoutes runs = new RunRoutes(state, bodies);
        WorkerRoutes worker = new WorkerRoutes(state, bodies, requests.shapes, runs);
        HealthRoutes health = new HealthRoutes(state);
        Map<RestEndpoint, Routes.Handler> handlers = new EnumMap<>(RestEndpoint.class);
        handlers.put(RestEndpoint.LIST_WORKFLOWS, editor::list);
        handlers.put(RestEndpoint.CREATE_WORKFLOW, editor::create);
        handlers.put(RestEndpoint.GET_WORKFLOW, editor::get);
        handlers.put(RestEndpoint.UPDATE_WORKFLOW, editor::update);
        handlers.put(RestEndpoint.DELETE_WORKFLOW, editor::delete);
        handlers.put(RestEndpoint.WORKFLOW_NAMES, editor::names);
        handlers.put(RestEndpoint.LIST_PUBLIC, editor::listPublic);
        handlers.put(RestEndpoint.GET_PUBLIC, editor::getPublic);
        handlers.put(RestEndpoint.TOOLS, editor::tools);
        handlers.put(RestEndpoint.EXAMPLES, editor::examples);
        handlers.put(RestEndpoint.SEARCH_EXAMPLES, editor::searchExamples);
        handlers.put(RestEndpoint.EXAMPLE, editor::example);
        SdkRoutes sdk = new SdkRoutes(state);
        handlers.put(RestEndpoint.WORKFLOW_INTERFACE, sdk::workflowInterface);
        handlers.put(RestEndpoint.RUN_FLAT, runs::flatRun);
        handlers.put(RestEndpoint.RUN_ENVELOPE, runs::envelopeRun);
        handlers.put(RestEndpoint.WORKER_LIST, worker::list);
        handlers.put(RestEndpoint.WORKER_PUT, worker::put);
        handlers.put(RestEndpoint.WORKER_DELETE, worker::delete);
        handlers.put(RestEndpoint.WORKER_RUN, worker::run);
        handlers.put(RestEndpoint.WORKER_STREAM, worker::stream);
        handlers.put(RestEndpoint.WORKER_HEALTH, health::workerHealth);
        handlers.put(RestEndpoint.HEALTH, health::health);
        handlers.put(RestEndpoint.LEGACY_HEALTH, health::legacyHealth);
        handlers.put(RestEndpoint.READY, health::ready);
        handlers.put(RestEndpoint.API_HEALTH, health::apiHealth);
        handlers.put(RestEndpoint.TEMP_FILE, health::tempFile);
        handlers.put(RestEndpoint.SDK_CAPABILITIES, sdk::capabilities);
        handlers.put(RestEndpoint.SDK_PREFLIGHT, sdk::preflight);
        handlers.put(RestEndpoint.SDK_WORKFLOW_SUMMARIES, sdk::workflowSummaries);
        handlers.put(RestEndpoint.SDK_WORKFLOW_INTERFACES, sdk::workflowInterfaces);
        handlers.put(RestEndpoint.SDK_WORKFLOW_INTERFACE, sdk::workflowInterface);
        handlers.put(RestEndpoint.SDK_NODE_TYPES, sdk::nodeTypes);
        handlers.put(RestEndpoint.SDK_MODELS, sdk::models);
        handlers.put(RestEndpoint.SDK_MODEL_DOWNLOADS, sdk::listModelDownloads);
        handlers.put(RestEndpoint.SDK_START_MODEL_DOWNLOAD, sdk::startModelDownload);
        handlers.put(RestEndpoint.SDK_CANCEL_MODEL_DOWNLOAD, sdk::cancelModelDownload);
        handlers.put(RestEndpoint.SDK_TEMPORARY_ASSET, sdk::temporaryUpload);
        handlers.put(RestEndpoint.CREATE_ASSET, sdk::createAsset);
        handlers.put(RestEndpoint.NODE_METADATA, sdk::nodeMetadata);
        handlers.put(RestEndpoint.STORAGE_GET, sdk::storageGet);
        handlers.put(RestEndpoint.STORAGE_PUT, sdk::storagePut);
        Set<RestEndpoint> streamed =
                Set.of(RestEndpoint.SDK_TEMPORARY_ASSET, RestEndpoint.CREATE_ASSET, RestEndpoint.STORAGE_PUT);
        for (RestRoute route : dialect.restRoutes()) {
            routes.add(route.method(), route.path(), handlers.get(route.endpoint()));
            if (streamed.contains(route.endpoint())) {
                uploads.add(route.method(), route.path(), handlers.get(route.endpoint()));
            }
        }
    }

    /**
     * Whether a request goes to an upload route of this generation, whose body may be as large as the
     * upload limit because its handler streams it (decided from the route table, so it cannot drift from it).
     *
     * @param method the request method
     * @param path the request path without its query; one trailing slash is ignored (clients send both)
     * @return true for an upload
     */
    public boolean streamsBody(String method, String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return uploads.find(method, p).found();
    }

    @Override
    public void handle(RequestExchange exchange) throws IOException {
        try {
            requests.dispatch(exchange, routes);
        } catch (HttpError e) {
            Responses.json(exchange, e.status(), e.body(), e.headers());
        }
    }
}
