package ai.nodetool.client.internal.discovery;

import ai.nodetool.client.discovery.Capabilities;
import ai.nodetool.client.discovery.DiscoveryService;
import ai.nodetool.client.discovery.InterfaceBatch;
import ai.nodetool.client.discovery.NodeTypePage;
import ai.nodetool.client.discovery.PreflightRequest;
import ai.nodetool.client.discovery.PreflightResult;
import ai.nodetool.client.discovery.WorkflowSummary;
import ai.nodetool.client.discovery.WorkflowSummaryPage;
import ai.nodetool.client.errors.NodeToolHttpException;
import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.internal.codec.MessageCodec;
import ai.nodetool.client.internal.http.HttpCaller;
import ai.nodetool.client.internal.json.Trees;
import ai.nodetool.client.workflows.WorkflowInterface;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.Request;

/** The SDK v1 discovery and preflight routes (protocol-notes §11.4–§11.7). */
public final class DefaultDiscoveryService implements DiscoveryService {
    private final HttpCaller http;
    private final ServerProbe probe;

    /**
     * @param http the client's HTTP plumbing
     * @param probe remembers the capabilities
     */
    public DefaultDiscoveryService(HttpCaller http, ServerProbe probe) {
        this.http = http;
        this.probe = probe;
    }

    private JsonNode call(Request request, String feature) {
        try {
            return http.executeJson(request, false);
        } catch (NodeToolHttpException e) {
            throw Unsupported.map(e, feature);
        }
    }

    private static ObjectNode object(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new NodeToolProtocolException(
                    what + ": expected a JSON object but got " + (node == null ? "nothing" : node.getNodeType()));
        }
        return (ObjectNode) node;
    }

    private static List<JsonNode> array(JsonNode node, String field) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode a = node.get(field);
        if (a != null && a.isArray()) {
            a.forEach(out::add);
        }
        return out;
    }

    @Override
    public Capabilities capabilities() {
        return probe.capabilities();
    }

    @Override
    public WorkflowSummaryPage workflowSummaries() {
        return workflowSummaries(null, null);
    }

    @Override
    public WorkflowSummaryPage workflowSummaries(Integer limit, String cursor) {
        HttpUrl.Builder u = http.editorUrlBuilder("api", "sdk", "v1", "workflows");
        if (limit != null) {
            u.addQueryParameter("limit", limit.toString());
        }
        if (cursor != null) {
            u.addQueryParameter("cursor", cursor);
        }
        ObjectNode body = object(
                call(http.request(u.build()).get().build(), "workflow summaries (GET /api/sdk/v1/workflows)"),
                "workflow summaries");
        List<WorkflowSummary> out = new ArrayList<>();
        for (JsonNode w : array(body, "workflows")) {
            ObjectNode o = object(w, "workflow summary");
            out.add(new WorkflowSummary(
                    Trees.scalarText(o, "id"),
                    Trees.text(o, "name"),
                    Trees.text(o, "description"),
                    Trees.text(o, "revision"),
                    Trees.longValue(o, "registry_revision"),
                    Trees.text(o, "run_mode"),
                    o.deepCopy()));
        }
        return new WorkflowSummaryPage(List.copyOf(out), Trees.text(body, "next"));
    }

    @Override
    public WorkflowInterface interfaceOf(String workflowId) {
        Objects.requireNonNull(workflowId, "workflowId");
        HttpUrl p8 = http.editorUrlBuilder("api", "sdk", "v1", "workflows", workflowId, "interface")
                .addQueryParameter("version", "1")
                .build();
        try {
            return WorkflowInterface.fromJson(
                    http.executeJson(http.request(p8).get().build(), false));
        } catch (NodeToolHttpException e) {
            if (Unsupported.routeMissing(e) == null) {
                throw e;
            }
        }
        HttpUrl p0 = http.editorUrlBuilder("api", "workflows", workflowId, "interface")
                .addQueryParameter("version", "1")
                .build();
        return WorkflowInterface.fromJson(
                call(http.request(p0).get().build(), "workflow interface (GET /api/sdk/v1/workflows/{id}/interface)"));
    }

    @Override
    public InterfaceBatch interfacesOf(String... workflowIds) {
        return interfacesOf(Arrays.asList(workflowIds));
    }

    @Override
    public InterfaceBatch interfacesOf(List<String> workflowIds) {
        if (workflowIds.isEmpty() || workflowIds.size() > 100) {
            throw new IllegalArgumentException("1 to 100 workflow ids, got " + workflowIds.size());
        }
        ObjectNode req = MessageCodec.json().createObjectNode();
        ArrayNode ids = req.putArray("ids");
        workflowIds.stream().distinct().forEach(id -> ids.add(Objects.requireNonNull(id, "workflow id")));
        req.put("version", 1);
        Request r = http.request(http.editorUrl("api", "sdk", "v1", "workflow-interfaces"))
                .post(http.jsonBody(req))
                .build();
        ObjectNode body = object(
                call(r, "batched workflow interfaces (POST /api/sdk/v1/workflow-interfaces)"), "workflow interfaces");
        List<WorkflowInterface> found = new ArrayList<>();
        for (JsonNode i : array(body, "interfaces")) {
            found.add(WorkflowInterface.fromJson(i));
        }
        List<InterfaceBatch.Error> errors = new ArrayList<>();
        for (JsonNode e : array(body, "errors")) {
            errors.add(new InterfaceBatch.Error(
                    Trees.scalarText(e, "workflow_id"), Trees.text(e, "code"), Trees.text(e, "message")));
        }
        return new InterfaceBatch(List.copyOf(found), List.copyOf(errors));
    }

    @Override
    public NodeTypePage nodeTypes(Long cursor, Integer limit) {
        HttpUrl.Builder u = http.editorUrlBuilder("api", "sdk", "v1", "node-types");
        if (cursor != null) {
            u.addQueryParameter("cursor", cursor.toString());
        }
        if (limit != null) {
            u.addQueryParameter("limit", limit.toString());
        }
        ObjectNode body = object(
                call(http.request(u.build()).get().build(), "node-type inventory (GET /api/sdk/v1/node-types)"),
                "node types");
        List<NodeTypePage.NodeType> types = new ArrayList<>();
        for (JsonNode t : array(body, "types")) {
            ObjectNode o = object(t, "node type");
            types.add(new NodeTypePage.NodeType(
                    Trees.text(o, "type"),
                    Trees.text(o, "type_name"),
                    Boolean.TRUE.equals(Trees.boolValue(o, "optional")),
                    Trees.longValue(o, "node_count"),
                    o.deepCopy()));
        }
        return new NodeTypePage(
                List.copyOf(types),
                Trees.longValue(body, "cursor"),
                Trees.longValue(body, "next_cursor"),
                Trees.longValue(body, "type_count"),
                Trees.longValue(body, "node_count"),
                Trees.boolValue(body, "registry_ready"),
                body.deepCopy());
    }

    @Override
    public PreflightResult preflight(PreflightRequest request) {
        Objects.requireNonNull(request, "request");
        ObjectNode req = MessageCodec.json().createObjectNode();
        req.put("workflow_id", request.workflowId());
        // Both keys are required even when null (protocol-notes §11.5).
        putNullable(req, "workspace_id", request.workspaceId());
        putNullable(req, "workflow_etag", request.workflowEtag());
        req.put("interface_version", 1);
        req.put("level", request.levelWire());
        req.set("inputs", MessageCodec.json().valueToTree(request.inputs()));
        if (request.runnerId() != null) {
            ObjectNode target = req.putObject("execution_target");
            target.put("kind", "runner");
            target.put("runner_id", request.runnerId());
            if (request.concurrent() != null) {
                target.put("concurrent", request.concurrent());
            }
        }
        Request r = http.request(http.editorUrl("api", "sdk", "v1", "preflight"))
                .post(http.jsonBody(req))
                .build();
        ObjectNode body = object(call(r, "preflight (POST /api/sdk/v1/preflight)"), "preflight");
        List<PreflightResult.Issue> issues = new ArrayList<>();
        for (JsonNode i : array(body, "issues")) {
            ObjectNode o = object(i, "preflight issue");
            issues.add(new PreflightResult.Issue(
                    Trees.text(o, "severity"), Trees.text(o, "code"), Trees.text(o, "message"), o.deepCopy()));
        }
        List<PreflightResult.Requirement> requirements = new ArrayList<>();
        for (JsonNode q : array(body, "requirements")) {
            ObjectNode o = object(q, "preflight requirement");
            requirements.add(new PreflightResult.Requirement(
                    Trees.text(o, "kind"),
                    Trees.scalarText(o, "id"),
                    Trees.text(o, "name"),
                    Trees.text(o, "status"),
                    Boolean.TRUE.equals(Trees.boolValue(o, "blocking")),
                    o.deepCopy()));
        }
        return new PreflightResult(
                Boolean.TRUE.equals(Trees.boolValue(body, "runnable")),
                Trees.text(body, "level"),
                Trees.scalarText(body, "workflow_id"),
                Trees.text(body, "workflow_etag"),
                List.copyOf(issues),
                List.copyOf(requirements),
                body.deepCopy());
    }

    private static void putNullable(ObjectNode o, String field, String value) {
        if (value == null) {
            o.putNull(field);
        } else {
            o.put(field, value);
        }
    }

    @Override
    public ai.nodetool.client.discovery.DiscoveryService withOptions(ai.nodetool.client.core.RequestOptions options) {
        HttpCaller view = http.withOptions(options);
        return view == http
                ? this
                : new DefaultDiscoveryService(
                        view, view.requestOptions().baseUrl().isPresent() ? new ServerProbe(view) : probe);
    }
}
