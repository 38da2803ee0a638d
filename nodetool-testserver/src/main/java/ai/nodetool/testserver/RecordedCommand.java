package ai.nodetool.testserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A WebSocket message the test server received from a client.
 *
 * @param connectionId identifies the socket (stable for its lifetime)
 * @param command the {@code command} field, or null for control frames such as {@code {"type":"pong"}}
 * @param message the whole decoded frame ({@code {command, data, ...}})
 * @param binary true for a MessagePack (binary) frame, false for JSON text
 * @param receivedAt when it arrived
 */
public record RecordedCommand(
        String connectionId, String command, JsonNode message, boolean binary, Instant receivedAt) {

    /**
     * The command's {@code data} object (an empty object when absent).
     *
     * @return the data object, never null
     */
    public JsonNode data() {
        JsonNode data = message.get("data");
        return data == null || data.isNull()
                ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                : data;
    }
}
