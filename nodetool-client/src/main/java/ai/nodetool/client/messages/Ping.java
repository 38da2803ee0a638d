package ai.nodetool.client.messages;

import ai.nodetool.client.internal.json.Trees;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Server heartbeat (Gen B/C WebSocket, every 25 s); {@code ts} in unix seconds.
 *
 * @param ts server time in unix seconds, or null
 * @param raw the decoded object; read-only
 */
public record Ping(Double ts, ObjectNode raw) implements JobMessage {
    /** Wire type of this message. */
    public static final String TYPE = "ping";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ping && Trees.equivalent(raw, ((Ping) o).raw);
    }

    @Override
    public int hashCode() {
        return Trees.hash(raw);
    }
}
