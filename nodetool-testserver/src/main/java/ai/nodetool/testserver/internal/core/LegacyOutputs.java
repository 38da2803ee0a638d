package ai.nodetool.testserver.internal.core;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What Gen A/B's output nodes put in their messages, shared by the WebSocket, NDJSON and SSE paths. */
public final class LegacyOutputs {
    private LegacyOutputs() {}

    /**
     * Gen A/B's {@code OutputNode} posts its {@code output_update} with {@code node_name} set to the
     * output's {@code name}, not the node's title (protocol-notes §5.2, §8.5): renames it in place.
     */
    public static void nameOutputNode(ObjectNode message) {
        if ("output_update".equals(message.path("type").asText())
                && message.path("output_name").isTextual()) {
            message.put("node_name", message.get("output_name").asText());
        }
    }
}
