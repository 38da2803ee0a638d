package ai.nodetool.client.errors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A WebSocket RPC command ({@code list_workflows}, {@code get_workflow}, {@code get_asset}, ...) answered with
 * an error: {@code {"type":"rpc_response","request_id","command","error":{"code","message","retryable",
 * "apiCode","trpcCode"}}} (protocol-notes §7.5).
 */
public class RpcException extends NodeToolException {
    private static final long serialVersionUID = 1L;

    private final String command;
    private final String code;
    private final boolean retryable;
    private final String apiCode;
    private final String trpcCode;

    @SuppressWarnings("serial") // a Jackson tree; rarely serialised, kept for diagnosis
    private final JsonNode error;

    /**
     * @param command the command
     * @param error the {@code error} object as received
     */
    public RpcException(String command, JsonNode error) {
        super(command + " failed: " + text(error, "code") + " " + text(error, "message"));
        this.command = command;
        this.code = text(error, "code");
        this.retryable = error != null && error.path("retryable").asBoolean(false);
        this.apiCode = text(error, "apiCode");
        this.trpcCode = text(error, "trpcCode");
        this.error = error == null ? null : error.deepCopy();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** @return the command that failed */
    public String command() {
        return command;
    }

    /** @return {@code code}, e.g. {@code WORKFLOW_NOT_FOUND}, {@code NOT_FOUND}, {@code BAD_REQUEST} */
    public String code() {
        return code;
    }

    /** @return the server's {@code retryable} flag */
    public boolean retryable() {
        return retryable;
    }

    /** @return {@code apiCode}, or null */
    public String apiCode() {
        return apiCode;
    }

    /** @return {@code trpcCode}, e.g. {@code NOT_FOUND}, or null */
    public String trpcCode() {
        return trpcCode;
    }

    /** @return a copy of the {@code error} object, or null */
    public JsonNode error() {
        return error == null ? null : error.deepCopy();
    }
}
