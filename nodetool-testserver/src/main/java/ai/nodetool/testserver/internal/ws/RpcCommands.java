package ai.nodetool.testserver.internal.ws;

import ai.nodetool.testserver.internal.core.ServerState;
import ai.nodetool.testserver.internal.core.WorkflowStore;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;

/**
 * The RPC-style commands over the socket (protocol-notes §7.5): each answers one typed
 * {@code rpc_response} with the envelope's {@code request_id}. The test server serves the read-only
 * workflow RPCs; the others fail typed with {@code NOT_IMPLEMENTED}. Stateless, thread-safe.
 */
final class RpcCommands {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> NAMES = Set.of(
            "list_workflows",
            "get_workflow",
            "generate_media",
            "generate_text",
            "transcribe_audio",
            "lookup_generations");

    private final WorkflowStore store;
    private final SdkRpcCommands sdk;

    RpcCommands(ServerState state) {
        this.store = state.store();
        this.sdk = new SdkRpcCommands(state);
    }

    static boolean isRpc(String command) {
        return NAMES.contains(command) || SdkRpcCommands.NAMES.contains(command);
    }

    /** The reply to RPC {@code name}: an untyped error without a {@code request_id}, else its {@code rpc_response}. */
    ObjectNode answer(String name, String requestId, ObjectNode data) {
        if (requestId == null) {
            return JSON.objectNode().put("error", "request_id is required for RPC commands");
        }
        ObjectNode response = JSON.objectNode();
        response.put("type", "rpc_response");
        response.put("request_id", requestId);
        response.put("command", name);
        switch (name) {
            case "list_workflows" -> {
                int limit = data.path("limit").isInt() ? data.get("limit").asInt() : 100;
                String runMode = CommandHandler.textOrNull(data.get("run_mode"));
                WorkflowStore.Page page;
                try {
                    page = store.list(
                            w -> runMode == null
                                    || runMode.equals(w.path("run_mode").asText()),
                            limit <= 0 ? 100 : Math.min(limit, 500),
                            CommandHandler.textOrNull(data.get("cursor")));
                } catch (RuntimeException e) {
                    error(response, "INVALID_INPUT", e.getMessage() != null ? e.getMessage() : "Invalid cursor");
                    return response;
                }
                ObjectNode result = response.putObject("result");
                result.putArray("workflows").addAll(page.workflows());
                result.put("next", page.next());
            }
            case "get_workflow" -> {
                Optional<ObjectNode> workflow = store.get(data.path("id").asText(""));
                if (workflow.isPresent()) {
                    response.set("result", workflow.get());
                } else {
                    error(response, "WORKFLOW_NOT_FOUND", "Workflow not found");
                    ((ObjectNode) response.get("error"))
                            .put("apiCode", "WORKFLOW_NOT_FOUND")
                            .put("trpcCode", "NOT_FOUND");
                }
            }
            default -> {
                if (!sdk.answer(name, data, response)) {
                    error(response, "NOT_IMPLEMENTED", "'" + name + "' is not supported by the NodeTool test server");
                }
            }
        }
        return response;
    }

    private static void error(ObjectNode response, String code, String text) {
        ObjectNode error = response.putObject("error");
        error.put("code", code);
        error.put("message", text);
        error.put("retryable", false);
    }
}
