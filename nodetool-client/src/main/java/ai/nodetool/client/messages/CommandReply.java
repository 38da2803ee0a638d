package ai.nodetool.client.messages;

import ai.nodetool.client.internal.json.Trees;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A direct reply to a WebSocket command, or a protocol rejection: a frame that is a plain map
 * <em>without</em> a {@code type} field (protocol-notes §7.2, §7.4), such as
 * {@code {"message":"Job started","workflow_id":"wf"}}, {@code {"status":"running","job_id":…}}
 * or {@code {"error":"invalid_command","details":…}}. Replies carry no request id; the session
 * matches them to the commands it sent (see {@code JobSession}).
 *
 * @param message the {@code message} text, or null
 * @param error the {@code error} text, or null when the reply is not an error
 * @param details the {@code details} text of a rejection, or null
 * @param raw the frame as received; read-only
 */
public record CommandReply(String message, String error, String details, ObjectNode raw) implements JobMessage {
    /**
     * Synthetic type name: the frame itself has no {@code type} field, {@link #raw()} is exactly
     * what the server sent.
     */
    public static final String TYPE = "command_reply";

    /**
     * @param raw an untyped reply frame
     * @return the reply view of it
     */
    public static CommandReply of(ObjectNode raw) {
        return new CommandReply(
                Trees.scalarText(raw, "message"),
                Trees.scalarText(raw, "error"),
                Trees.scalarText(raw, "details"),
                raw);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** @return true when the reply carries an {@code error} */
    public boolean isError() {
        return error != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommandReply && Trees.equivalent(raw, ((CommandReply) o).raw);
    }

    @Override
    public int hashCode() {
        return Trees.hash(raw);
    }
}
