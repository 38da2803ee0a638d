package ai.nodetool.client.messages;

import ai.nodetool.client.internal.json.Trees;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A message whose {@code type} this SDK does not model (e.g. {@code system_stats},
 * {@code resource_change}, {@code planning_update}). Nothing is lost: {@link #raw()} holds it all.
 *
 * @param type the wire {@code type}
 * @param raw the full message
 */
public record UnknownMessage(String type, ObjectNode raw) implements JobMessage {
    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownMessage && Trees.equivalent(raw, ((UnknownMessage) o).raw);
    }

    @Override
    public int hashCode() {
        return Trees.hash(raw);
    }
}
