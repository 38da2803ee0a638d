package ai.nodetool.client.messages;

import ai.nodetool.client.internal.json.Trees;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The synthetic last line of a Gen A NDJSON run stream when the run raised (protocol-notes §5.3).
 *
 * @param error the error text ({@code error}), or null
 * @param raw the decoded object; read-only
 */
public record JobFailed(String error, ObjectNode raw) implements JobMessage {
    /** Wire type of this message. */
    public static final String TYPE = "job_failed";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JobFailed && Trees.equivalent(raw, ((JobFailed) o).raw);
    }

    @Override
    public int hashCode() {
        return Trees.hash(raw);
    }
}
