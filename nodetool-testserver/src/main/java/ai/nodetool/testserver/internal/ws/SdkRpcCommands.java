package ai.nodetool.testserver.internal.ws;

import ai.nodetool.testserver.internal.core.AssetStore;
import ai.nodetool.testserver.internal.core.SdkSurface;
import ai.nodetool.testserver.internal.core.SdkSurface.SdkException;
import ai.nodetool.testserver.internal.core.ServerState;
import ai.nodetool.testserver.internal.engine.NodeCatalog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The RPC commands besides the workflow reads (protocol-notes §7.5): assets, nodes, and the SDK
 * discovery and lifecycle commands answered before P8 removed them. Each fills the {@code result} or
 * the {@code error} of an {@code rpc_response}. Discovery errors carry {@code apiCode} and
 * {@code trpcCode}; lifecycle errors ({@code get_capabilities}, {@code preflight_workflow}) only
 * {@code code, message, retryable}. Thread-safe.
 */
final class SdkRpcCommands {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    static final Set<String> NAMES = Set.of(
            "list_workflow_summaries",
            "get_workflow_interface",
            "get_workflow_interfaces",
            "get_node_type_inventory",
            "get_capabilities",
            "preflight_workflow",
            "list_assets",
            "get_asset",
            "list_nodes",
            "get_node");

    private static final Set<String> LIFECYCLE = Set.of("get_capabilities", "preflight_workflow");

    private final ServerState state;
    private final SdkSurface sdk;

    SdkRpcCommands(ServerState state) {
        this.state = state;
        this.sdk = new SdkSurface(state);
    }

    /** Answers {@code name} into {@code response}; false when the command is not one of these. */
    boolean answer(String name, ObjectNode data, ObjectNode response) {
        if (!NAMES.contains(name)) {
            return false;
        }
        try {
            response.set("result", result(name, data));
        } catch (SdkException e) {
            ObjectNode error = response.putObject("error");
            error.put("code", e.code());
            error.put("message", e.getMessage());
            error.put("retryable", e.retryable());
            if (!LIFECYCLE.contains(name)) {
                if (e.code().equals("BAD_REQUEST")) {
                    error.putNull("apiCode");
                } else {
                    error.put("apiCode", e.code());
                }
                error.put("trpcCode", e.trpcCode());
            }
        }
        return true;
    }

    private JsonNode result(String name, ObjectNode data) {
        return switch (name) {
            case "list_workflow_summaries" ->
                discovery(() -> sdk.workflowSummaries(data.get("limit"), text(data, "cursor")));
            case "get_workflow_interface" -> {
                if (!data.path("id").isTextual()) {
                    throw badRequest();
                }
                yield discovery(() -> sdk.workflowInterface(
                        data.get("id").asText(), data.path("version").asText(null)));
            }
            case "get_workflow_interfaces" -> discovery(() -> sdk.workflowInterfaces(data));
            case "get_node_type_inventory" -> discovery(() -> sdk.nodeTypes(data.get("cursor"), data.get("limit")));
            case "get_capabilities" -> sdk.capabilities();
            case "preflight_workflow" -> {
                try {
                    yield sdk.preflight(data);
                } catch (SdkException e) {
                    if (e.code().equals("INVALID_REQUEST")) {
                        throw new SdkException(400, "INVALID_REQUEST", "Invalid request");
                    }
                    throw e;
                }
            }
            case "list_assets" -> listAssets(data);
            case "get_asset" -> {
                String id = text(data, "id");
                if (id == null) {
                    throw badRequest();
                }
                yield state.assets()
                        .asset(id)
                        .map(AssetStore::publicView)
                        .orElseThrow(() -> new SdkException(404, "NOT_FOUND", "Asset not found", "NOT_FOUND"));
            }
            case "list_nodes" -> listNodes(data);
            case "get_node" -> {
                String type = text(data, "node_type");
                if (type == null) {
                    throw badRequest();
                }
                yield NodeCatalog.find(type)
                        .map(NodeCatalog::full)
                        .orElseThrow(
                                () -> new SdkException(404, "NOT_FOUND", "Node type not found: " + type, "NOT_FOUND"));
            }
            default -> throw new IllegalStateException(name);
        };
    }

    @FunctionalInterface
    private interface Call {
        ObjectNode call();
    }

    /** Discovery validation failures read {@code BAD_REQUEST} "Invalid request" on the socket. */
    private static ObjectNode discovery(Call call) {
        try {
            return call.call();
        } catch (SdkException e) {
            if (e.status() == 400) {
                throw badRequest();
            }
            if (e.status() == 404) {
                throw new SdkException(404, e.code(), e.getMessage(), "NOT_FOUND");
            }
            throw e;
        }
    }

    private static SdkException badRequest() {
        return new SdkException(400, "BAD_REQUEST", "Invalid request", "BAD_REQUEST");
    }

    private ObjectNode listAssets(ObjectNode data) {
        JsonNode pageSize = data.get("page_size");
        int size = 10000;
        if (pageSize != null && !pageSize.isNull()) {
            if (!pageSize.isIntegralNumber() || pageSize.asInt() < 1 || pageSize.asInt() > 10000) {
                throw badRequest();
            }
            size = pageSize.asInt();
        }
        ObjectNode result = JSON.objectNode();
        ArrayNode assets = result.putArray("assets");
        for (ObjectNode a : state.assets().assets()) {
            if (matches(a, data, "parent_id")
                    && matches(a, data, "workflow_id")
                    && matches(a, data, "node_id")
                    && matches(a, data, "job_id")
                    && contentTypeMatches(a, text(data, "content_type"))
                    && assets.size() < size) {
                assets.add(AssetStore.publicView(a));
            }
        }
        result.putNull("next");
        return result;
    }

    private static boolean matches(ObjectNode asset, ObjectNode data, String field) {
        String wanted = text(data, field);
        return wanted == null || wanted.equals(asset.path(field).asText(null));
    }

    private static boolean contentTypeMatches(ObjectNode asset, String wanted) {
        return wanted == null || asset.path("content_type").asText("").startsWith(wanted);
    }

    private static ObjectNode listNodes(ObjectNode data) {
        String namespace = text(data, "namespace");
        String query = text(data, "query");
        boolean full = "full".equals(text(data, "fields"));
        int limit = data.path("limit").isIntegralNumber() ? data.get("limit").asInt() : Integer.MAX_VALUE;
        List<String> terms = new ArrayList<>();
        if (query != null) {
            for (String t : query.split(",")) {
                if (!t.isBlank()) {
                    terms.add(t.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        ObjectNode result = JSON.objectNode();
        ArrayNode nodes = result.putArray("nodes");
        for (NodeCatalog.NodeType t : NodeCatalog.all()) {
            if (nodes.size() >= limit) {
                break;
            }
            if (namespace != null && !t.namespace().startsWith(namespace)) {
                continue;
            }
            String haystack = (t.type() + " " + t.title() + " " + t.description()).toLowerCase(Locale.ROOT);
            if (!terms.isEmpty() && terms.stream().noneMatch(haystack::contains)) {
                continue;
            }
            nodes.add(full ? NodeCatalog.full(t) : NodeCatalog.summary(t));
        }
        return result;
    }

    private static String text(ObjectNode data, String field) {
        return Optional.ofNullable(data.get(field))
                .filter(JsonNode::isTextual)
                .map(JsonNode::asText)
                .orElse(null);
    }
}
