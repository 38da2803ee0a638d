package ai.nodetool.client.messages;

import ai.nodetool.client.internal.json.Trees;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error event. The text is in {@code message} (Gen B/C) or {@code error} (Gen A, Worker SSE); {@link #message()} returns whichever is present.
 *
 * @param message the {@code message} text, or null
 * @param threadId the chat {@code thread_id}, or null
 * @param raw the decoded object; read-only
 */
public record ErrorMessage(String message, String threadId, ObjectNode raw) implements JobMessage {
    /** Wire type of this message. */
    public static final String TYPE = "error";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ErrorMessage && Trees.equivalent(raw, ((ErrorMessage) o).raw);
    }

    @Override
    public int hashCode() {
        return Trees.hash(raw);
    }
}
