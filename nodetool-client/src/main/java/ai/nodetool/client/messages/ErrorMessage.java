package ai.nodetool.client.messages;

import ai.nodetool.client.internal.codec.Trees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error event. The text is in {@code message} (Gen B/C) or {@code error} (Gen A, Worker SSE); {@link #message()} returns whichever is present.
 *
 * @param message see PROTOCOL.md §4.7
 * @param threadId see PROTOCOL.md §4.7
 * @param raw see PROTOCOL.md §4.7
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
