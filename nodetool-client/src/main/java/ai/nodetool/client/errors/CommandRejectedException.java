package ai.nodetool.client.errors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The server answered a WebSocket command with an error reply (protocol-notes §7.2, §7.4), e.g.
 * {@code {"error":"Job not found or already completed"}} for {@code cancel_job} or
 * {@code {"error":"invalid_command","details":"Workflow not found: …"}} for {@code run_job}.
 * The session stays open.
 */
public class CommandRejectedException extends NodeToolException {
    private static final long serialVersionUID = 1L;

    private final String command;
    private final String error;
    private final String details;
    private final transient JsonNode reply;

    /**
     * @param command the command that was rejected, e.g. {@code "run_job"}
     * @param error the reply's {@code error} text, never null
     * @param details the reply's {@code details} text, or null
     * @param reply the whole reply frame, may be null
     */
    public CommandRejectedException(String command, String error, String details, JsonNode reply) {
        super(command + " rejected by the server: " + error + (details == null ? "" : " (" + details + ")"));
        this.command = command;
        this.error = error;
        this.details = details;
        this.reply = reply;
    }

    /** @return the command name, e.g. {@code "cancel_job"} */
    public String command() {
        return command;
    }

    /** @return the server's {@code error} text, e.g. {@code "invalid_command"}, never null */
    public String error() {
        return error;
    }

    /** @return the server's {@code details} text, or null */
    public String details() {
        return details;
    }

    /** @return the reply frame as received (read-only), or null */
    public JsonNode reply() {
        return reply;
    }
}
