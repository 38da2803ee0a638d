package ai.nodetool.client.messages;

import ai.nodetool.client.internal.json.Trees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Worker SSE stream end event {@code {"type":"complete","results":{…}}}, followed by {@code [DONE]} (protocol-notes §5.4).
 *
 * @param results the {@code results} map of output node name to value, or null
 * @param raw the decoded object; read-only
 */
public record WorkerComplete(JsonNode results, ObjectNode raw) implements JobMessage {
    /** Wire type of this message. */
    public static final String TYPE = "complete";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WorkerComplete && Trees.equivalent(raw, ((WorkerComplete) o).raw);
    }

    @Override
    public int hashCode() {
        return Trees.hash(raw);
    }
}
