package ai.nodetool.client.messages;

import ai.nodetool.client.internal.json.Trees;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The synthetic last line of a Gen A NDJSON run stream ({@code ?stream=true}) after a normal end (protocol-notes §5.3).
 *
 * @param raw the decoded object; read-only
 */
public record JobCompleted(ObjectNode raw) implements JobMessage {
    /** Wire type of this message. */
    public static final String TYPE = "job_completed";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JobCompleted && Trees.equivalent(raw, ((JobCompleted) o).raw);
    }

    @Override
    public int hashCode() {
        return Trees.hash(raw);
    }
}
