package ai.nodetool.client.messages;

import ai.nodetool.client.internal.json.Trees;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Sent by Gen C right after a WebSocket connects (always MessagePack).
 *
 * @param runnerId the opaque {@code runner_id}
 * @param raw the decoded object; read-only
 */
public record SdkExecutionTarget(String runnerId, ObjectNode raw) implements JobMessage {
    /** Wire type of this message. */
    public static final String TYPE = "sdk_execution_target";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SdkExecutionTarget && Trees.equivalent(raw, ((SdkExecutionTarget) o).raw);
    }

    @Override
    public int hashCode() {
        return Trees.hash(raw);
    }
}
