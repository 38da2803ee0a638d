package ai.nodetool.testserver.internal.core;

import ai.nodetool.testserver.internal.engine.NodeCatalog;
import ai.nodetool.testserver.internal.engine.SchemaDerivation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The SDK v1 discovery and lifecycle answers of the current generation (protocol-notes §11), written once
 * for both transports: the REST routes ({@code /api/sdk/v1/*}) and the WebSocket commands
 * ({@code get_capabilities}, {@code list_workflow_summaries}, …, protocol-notes §7.5). Failures are
 * {@link SdkException}s that each transport shapes as its envelope. The test server plays the P0
 * contract the official C# SDK was written against (errors carry {@code detail}; the socket commands are
 * answered) and also serves the P8 single-interface path. Stateless apart from {@code state}; thread-safe.
 */
public final class SdkSurface {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** The node registry never changes in the test server. */
    public static final int REGISTRY_REVISION = 1;
    /** What {@code nodetool_version} reports. */
    public static final String NODETOOL_VERSION = "0.8.1-testserver";

    /** A failure with its SDK error code (protocol-notes §11.3). */
    public static final class SdkException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String code;
        private final String trpcCode;

        public SdkException(int status, String code, String message) {
            this(status, code, message, trpcCodeFor(status));
        }

        public SdkException(int status, String code, String message, String trpcCode) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
            this.trpcCode = trpcCode;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }

        /** The tRPC code the socket commands report next to {@code code}. */
        public String trpcCode() {
            return trpcCode;
        }

        /** True only for the transient codes, and never for a "disabled" message (protocol-notes §11.3). */
        public boolean retryable() {
            return Set.of(
                                    "INTERNAL_ERROR",
                                    "INTERNAL_SERVER_ERROR",
                                    "PYTHON_BRIDGE_UNAVAILABLE",
                                    "SERVICE_UNAVAILABLE",
                                    "TIMEOUT",
                                    "TOO_MANY_REQUESTS")
                            .contains(code)
                    && !getMessage().contains("disabled");
        }

        private static String trpcCodeFor(int status) {
            return switch (status) {
                case 400 -> "BAD_REQUEST";
                case 401 -> "UNAUTHORIZED";
                case 404 -> "NOT_FOUND";
                case 413 -> "PAYLOAD_TOO_LARGE";
                case 422 -> "UNPROCESSABLE_CONTENT";
                case 501 -> "NOT_IMPLEMENTED";
                default -> "INTERNAL_SERVER_ERROR";
            };
        }
    }

    private final ServerState state;

    public SdkSurface(ServerState state) {
        this.state = state;
    }

    /** {@code GET /api/sdk/v1/capabilities}: rebuilt on every call. */
    public ObjectNode capabilities() {
        ObjectNode c = JSON.objectNode();
        c.put("protocol_version", "1");
        c.put("nodetool_version", NODETOOL_VERSION);
        c.put("server_time", Timestamps.javascript(Instant.now()));
        c.putArray("supported_encodings").add("messagepack").add("json-text");
        c.put("default_encoding", "messagepack");
        ObjectNode profiles = c.putObject("profiles");
        for (String p : List.of(
                "discovery", "execution", "preflight", "model_catalog", "model_download", "temporary_asset_upload")) {
            profiles.put(p, "available");
        }
        c.put("registry_revision", REGISTRY_REVISION);
        c.put("python_bridge", "ready");
        c.putArray("auth_modes").add(state.settings().authRequired() ? "bearer" : "trusted_local");
        c.putArray("asset_uri_schemes").add("asset");
        ObjectNode options = c.putObject("execution_options");
        options.putArray("persistence").add("job").add("session");
        options.putArray("event_detail").add("full").add("outputs").add("terminal");
        options.putArray("asset_persistence").add("auto").add("temporary");
        ObjectNode defaults = options.putObject("defaults");
        defaults.put("persistence", "job");
        defaults.put("event_detail", "full");
        defaults.put("asset_persistence", "temporary");
        ObjectNode limits = c.putObject("limits");
        limits.put("max_rpc_batch", 100);
        limits.put("max_inline_bytes", 0);
        limits.put("max_upload_bytes", state.assets().maxUploadBytes());
        limits.put("max_queued_jobs", 0);
        limits.put("max_job_event_replay", state.settings().replayBufferEvents());
        limits.put("request_timeout_seconds", 30);
        return c;
    }

    /** {@code GET /api/sdk/v1/workflows?limit&cursor}: limit 1..100 (default 50) or {@code 400 INVALID_INPUT}. */
    public ObjectNode workflowSummaries(JsonNode limitValue, String cursor) {
        int limit = 50;
        if (limitValue != null && !limitValue.isNull()) {
            Integer parsed = integer(limitValue);
            if (parsed == null || parsed < 1 || parsed > 100) {
                throw new SdkException(400, "INVALID_INPUT", "Invalid workflow summary query");
            }
            limit = parsed;
        }
        WorkflowStore.Page page = state.store().list(w -> true, limit, cursor);
        ObjectNode body = JSON.objectNode();
        ArrayNode list = body.putArray("workflows");
        for (ObjectNode w : page.workflows()) {
            ObjectNode s = list.addObject();
            s.put("id", w.path("id").asText());
            s.put("name", w.path("name").asText(""));
            s.set("description", w.hasNonNull("description") ? w.get("description") : JSON.textNode(""));
            s.set("revision", w.hasNonNull("updated_at") ? w.get("updated_at") : JSON.nullNode());
            s.put("registry_revision", REGISTRY_REVISION);
            s.put("run_mode", w.path("run_mode").asText("workflow"));
        }
        body.put("next", page.next());
        return body;
    }

    /** One workflow's interface; {@code version} must be exactly {@code 1}. */
    public ObjectNode workflowInterface(String id, String version) {
        if (version == null || !version.trim().equals("1")) {
            throw new SdkException(
                    400, "UNSUPPORTED_WORKFLOW_INTERFACE_VERSION", "Workflow interface version 1 is required");
        }
        ObjectNode workflow = state.store()
                .get(id)
                .orElseThrow(() -> new SdkException(404, "WORKFLOW_NOT_FOUND", "Workflow not found"));
        return interfaceOf(workflow);
    }

    /** {@code POST /api/sdk/v1/workflow-interfaces}: {@code {ids, version:1}}; a bad id does not fail the batch. */
    public ObjectNode workflowInterfaces(JsonNode request) {
        SdkException shape = new SdkException(400, "INVALID_INPUT", "Expected 1 to 100 unique workflow ids");
        if (request == null || !request.isObject()) {
            throw shape;
        }
        JsonNode ids = request.get("ids");
        JsonNode version = request.get("version");
        if (ids == null
                || !ids.isArray()
                || ids.isEmpty()
                || ids.size() > 100
                || version == null
                || !version.isIntegralNumber()
                || version.asInt() != 1) {
            throw shape;
        }
        Set<String> seen = new HashSet<>();
        for (JsonNode id : ids) {
            if (!id.isTextual() || id.asText().isEmpty() || !seen.add(id.asText())) {
                throw shape;
            }
        }
        ObjectNode body = JSON.objectNode();
        ArrayNode interfaces = body.putArray("interfaces");
        ArrayNode errors = body.putArray("errors");
        for (JsonNode id : ids) {
            Optional<ObjectNode> workflow = state.store().get(id.asText());
            if (workflow.isPresent()) {
                interfaces.add(interfaceOf(workflow.get()));
            } else {
                ObjectNode e = errors.addObject();
                e.put("workflow_id", id.asText());
                e.put("code", "workflow_not_found");
                e.put("message", "Workflow not found");
            }
        }
        return body;
    }

    private static ObjectNode interfaceOf(ObjectNode workflow) {
        return SchemaDerivation.interfaceV1(
                workflow.path("id").asText(), WorkflowStore.etag(workflow), workflow.get("graph"));
    }

    /** {@code GET /api/sdk/v1/node-types?cursor&limit}: the type inventory, cursor = integer offset. */
    public ObjectNode nodeTypes(JsonNode cursorValue, JsonNode limitValue) {
        Integer cursor = cursorValue == null || cursorValue.isNull() ? Integer.valueOf(0) : integer(cursorValue);
        Integer limit = limitValue == null || limitValue.isNull() ? Integer.valueOf(100) : integer(limitValue);
        if (cursor == null || cursor < 0 || limit == null || limit < 1 || limit > 100) {
            throw new SdkException(400, "INVALID_INPUT", "cursor must be >= 0 and limit 1..100");
        }
        Map<String, ObjectNode> types = new LinkedHashMap<>();
        for (NodeCatalog.NodeType node : NodeCatalog.all()) {
            use(types, node, node.inputs(), "input");
            use(types, node, node.outputs(), "output");
        }
        List<ObjectNode> all = new ArrayList<>(types.values());
        for (ObjectNode t : all) {
            t.remove("_nodes");
        }
        ObjectNode body = JSON.objectNode();
        body.put("version", 1);
        body.put("registry_ready", true);
        body.put("python_bridge_ready", true);
        body.put("registry_revision", REGISTRY_REVISION);
        body.put("cursor", cursor);
        int end = Math.min(all.size(), cursor + limit);
        if (end < all.size()) {
            body.put("next_cursor", end);
        } else {
            body.putNull("next_cursor");
        }
        body.put("node_count", NodeCatalog.all().size());
        body.put("type_count", all.size());
        body.putObject("provenance_counts").put("registry", NodeCatalog.all().size());
        ArrayNode page = body.putArray("types");
        for (int i = cursor; i < end; i++) {
            page.add(all.get(i));
        }
        body.putArray("unavailable_packs");
        return body;
    }

    private static void use(
            Map<String, ObjectNode> types, NodeCatalog.NodeType node, List<String> pins, String direction) {
        for (String[] pin : NodeCatalog.pins(pins)) {
            ObjectNode t = types.computeIfAbsent(pin[1], type -> {
                ObjectNode n = NodeCatalog.typeMetadata(type);
                n.putNull("values");
                n.put("values_truncated", false);
                n.put("signature", type);
                n.put("node_count", 0);
                n.put("input_uses", 0);
                n.put("output_uses", 0);
                n.putArray("sources").add("registry");
                n.putArray("examples");
                n.putArray("_nodes");
                return n;
            });
            t.put(direction + "_uses", t.get(direction + "_uses").asInt() + 1);
            ArrayNode nodes = (ArrayNode) t.get("_nodes");
            boolean counted = false;
            for (JsonNode n : nodes) {
                counted |= n.asText().equals(node.type());
            }
            if (!counted) {
                nodes.add(node.type());
                t.put("node_count", nodes.size());
            }
            ArrayNode examples = (ArrayNode) t.get("examples");
            if (examples.size() < 3) {
                examples.addObject()
                        .put("node_type", node.type())
                        .put("pin", pin[0])
                        .put("direction", direction);
            }
        }
    }

    /**
     * {@code POST /api/sdk/v1/preflight} (protocol-notes §11.5). {@code level} static reports every
     * requirement {@code unknown}; availability and execution resolve asset requirements against the store;
     * execution with a {@code runner} target checks that live connection.
     */
    public ObjectNode preflight(JsonNode request) {
        SdkException invalid = new SdkException(400, "INVALID_REQUEST", "Invalid preflight request");
        if (request == null || !request.isObject()) {
            throw invalid;
        }
        JsonNode workflowId = request.get("workflow_id");
        JsonNode etag = request.get("workflow_etag");
        JsonNode workspace = request.get("workspace_id");
        String level = request.path("level").asText("");
        JsonNode inputs = request.get("inputs");
        JsonNode target = request.get("execution_target");
        JsonNode interfaceVersion = request.get("interface_version");
        if (workflowId == null
                || !workflowId.isTextual()
                || workflowId.asText().isEmpty()
                || etag == null
                || !(etag.isNull() || etag.isTextual())
                || workspace == null
                || !(workspace.isNull() || workspace.isTextual())
                || !Set.of("static", "availability", "execution").contains(level)
                || !request.get("level").isTextual()
                || (inputs != null && !inputs.isNull() && !inputs.isObject())
                || (interfaceVersion != null && !interfaceVersion.isNull() && interfaceVersion.asInt(-1) != 1)
                || !validTarget(target)) {
            throw invalid;
        }
        ObjectNode workflow = state.store()
                .get(workflowId.asText())
                .orElseThrow(() -> new SdkException(404, "WORKFLOW_NOT_FOUND", "Workflow not found."));
        ObjectNode iface = interfaceOf(workflow);
        String currentEtag = iface.get("etag").asText();
        ObjectNode body = JSON.objectNode();
        body.put("version", 1);
        body.put("level", level);
        body.put("workflow_id", workflowId.asText());
        body.put("workflow_etag", currentEtag);
        ArrayNode issues = JSON.arrayNode();
        ArrayNode requirements = JSON.arrayNode();
        if (etag.isTextual() && !etag.asText().equals(currentEtag)) {
            issues.add(issue("error", "workflow_etag_mismatch", "The workflow changed since etag " + etag.asText()));
        }
        ObjectNode given = inputs != null && inputs.isObject() ? (ObjectNode) inputs : JSON.objectNode();
        checkInputs(iface, given, issues);
        for (JsonNode d : iface.get("diagnostics")) {
            issues.add(d.deepCopy());
        }
        boolean resolve = !level.equals("static");
        for (Iterator<Map.Entry<String, JsonNode>> it = given.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> input = it.next();
            assetRequirement(input.getKey(), input.getValue(), resolve).ifPresent(requirements::add);
        }
        if (level.equals("execution")) {
            executionRequirements(target, requirements, issues);
        }
        boolean runnable = true;
        for (JsonNode i : issues) {
            runnable &= !"error".equals(i.path("severity").asText());
        }
        body.put("runnable", runnable);
        body.set("issues", issues);
        body.set("requirements", requirements);
        ObjectNode cost = body.putObject("cost");
        cost.put("amount", 0);
        cost.put("currency", "USD");
        cost.put("confidence", "exact");
        cost.putArray("unknown_cost_nodes");
        cost.put("approval_required", false);
        return body;
    }

    private static boolean validTarget(JsonNode target) {
        if (target == null || target.isNull()) {
            return true;
        }
        if (!target.isObject()) {
            return false;
        }
        JsonNode concurrent = target.get("concurrent");
        if (concurrent != null && !concurrent.isNull() && !concurrent.isBoolean()) {
            return false;
        }
        return switch (target.path("kind").asText("")) {
            case "local" -> true;
            case "worker" -> target.path("worker_id").isTextual();
            case "runner" -> target.path("runner_id").isTextual();
            default -> false;
        };
    }

    private static void checkInputs(ObjectNode iface, ObjectNode given, ArrayNode issues) {
        Set<String> known = new HashSet<>();
        for (JsonNode in : iface.get("inputs")) {
            String name = in.get("name").asText();
            known.add(name);
            JsonNode value = given.get(name);
            String nodeId = in.path("node_id").asText(null);
            if (value == null || value.isNull()) {
                if (in.path("required").asBoolean(false)) {
                    issues.add(issue("error", "missing_input", "Input '" + name + "' is required")
                            .put("node_id", nodeId)
                            .put("pin_name", name));
                }
                continue;
            }
            String type = in.path("type").asText("any");
            boolean ok = switch (type) {
                case "str" -> value.isTextual();
                case "int" -> value.isIntegralNumber();
                case "float" -> value.isNumber();
                case "bool" -> value.isBoolean();
                case "image", "audio", "video", "document", "text", "asset", "svg" ->
                    value.isTextual() || value.isObject();
                default -> true;
            };
            if (!ok) {
                issues.add(issue("error", "input_type_mismatch", "Input '" + name + "' expects " + type)
                        .put("node_id", nodeId)
                        .put("pin_name", name));
                continue;
            }
            if (value.isNumber()
                    && in.hasNonNull("min")
                    && value.asDouble() < in.get("min").asDouble()) {
                issues.add(issue("error", "input_below_minimum", "Input '" + name + "' is below " + in.get("min"))
                        .put("node_id", nodeId)
                        .put("pin_name", name));
            }
            if (value.isNumber()
                    && in.hasNonNull("max")
                    && value.asDouble() > in.get("max").asDouble()) {
                issues.add(issue("error", "input_above_maximum", "Input '" + name + "' is above " + in.get("max"))
                        .put("node_id", nodeId)
                        .put("pin_name", name));
            }
        }
        for (Iterator<String> it = given.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                issues.add(issue("warning", "unknown_input", "The workflow has no input '" + name + "'")
                        .put("pin_name", name));
            }
        }
    }

    /** An {@code asset} requirement for a media input that points at stored bytes. */
    private Optional<ObjectNode> assetRequirement(String name, JsonNode value, boolean resolve) {
        String uri = value.isTextual() ? value.asText() : value.path("uri").asText("");
        boolean isAsset = uri.startsWith("asset://")
                || AssetStore.storageKey(uri) != null
                || (value.isObject() && value.path("asset_id").isTextual());
        if (!isAsset) {
            return Optional.empty();
        }
        ObjectNode r = JSON.objectNode();
        r.put("kind", "asset");
        r.put("id", value.path("asset_id").isTextual() ? value.get("asset_id").asText() : uri);
        r.put("name", name);
        boolean found = state.assets().resolve(value).isPresent();
        r.put("status", !resolve ? "unknown" : found ? "available" : "unavailable");
        r.put("blocking", true);
        if (resolve && !found) {
            r.put("message", "Asset not found.");
        } else {
            r.putNull("message");
        }
        r.putObject("details").putArray("inputs").add(name);
        return Optional.of(r);
    }

    private void executionRequirements(JsonNode target, ArrayNode requirements, ArrayNode issues) {
        ObjectNode capacity = JSON.objectNode();
        capacity.put("kind", "worker");
        capacity.put("id", "execution-capacity");
        capacity.put("name", "Execution capacity");
        capacity.put("blocking", false);
        capacity.putNull("message");
        if (target != null && "runner".equals(target.path("kind").asText())) {
            String runnerId = target.get("runner_id").asText();
            boolean live = state.liveRunners().isLive(runnerId);
            ObjectNode runner = requirements.addObject();
            runner.put("kind", "worker");
            runner.put("id", runnerId);
            runner.put("name", "Live runner");
            runner.put("status", live ? "available" : "unavailable");
            runner.put("blocking", true);
            if (live) {
                runner.putNull("message");
            } else {
                runner.put("message", "Selected live runner is not available.");
                issues.add(issue("error", "live_runner_unavailable", "Selected live runner is not available."));
            }
            int max = state.settings().maxConcurrentJobs();
            capacity.put("status", "available");
            ObjectNode details = capacity.putObject("details");
            details.put("in_flight_jobs", 0);
            details.put("max_concurrent_jobs", max);
            details.put("queued_jobs", 0);
            details.put("workflow_in_flight_jobs", 0);
            details.put("max_concurrent_runs_for_workflow", max);
            details.put("likely_queued", false);
        } else {
            ObjectNode local = requirements.addObject();
            local.put("kind", "worker");
            local.put("id", "local");
            local.put("name", "Local execution");
            local.put("status", "available");
            local.put("blocking", true);
            local.putNull("message");
            capacity.put("status", "unknown");
            issues.add(issue(
                    "warning",
                    "execution_capacity_unknown",
                    "Execution capacity is only known for a live runner target."));
        }
        requirements.add(capacity);
    }

    private static ObjectNode issue(String severity, String code, String message) {
        ObjectNode i = JSON.objectNode();
        i.put("severity", severity);
        i.put("code", code);
        i.put("message", message);
        return i;
    }

    /** {@code GET /api/sdk/v1/models}: the test server has no models, so the catalog is empty. */
    public ObjectNode models(String scope) {
        String s = scope == null || scope.isEmpty() ? "local" : scope;
        if (s.equals("worker")) {
            throw new SdkException(501, "MODEL_SCOPE_UNAVAILABLE", "No worker is attached");
        }
        if (!s.equals("local")) {
            throw new SdkException(400, "INVALID_INPUT", "Invalid model catalog query");
        }
        ObjectNode body = JSON.objectNode();
        body.put("version", "1");
        body.put("catalog_revision", REGISTRY_REVISION);
        body.put("scope", s);
        body.putArray("entries");
        body.putNull("next_cursor");
        return body;
    }

    /** {@code GET /api/sdk/v1/model-downloads}: none ever started. */
    public ObjectNode modelDownloads() {
        ObjectNode body = JSON.objectNode();
        body.put("version", "1");
        body.putArray("downloads");
        return body;
    }

    private static Integer integer(JsonNode value) {
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return value.asInt();
        }
        if (value.isTextual()) {
            try {
                return Integer.valueOf(value.asText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
