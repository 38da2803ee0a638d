package ai.nodetool.client.discovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One page of the node-type inventory {@code GET /api/sdk/v1/node-types} (protocol-notes §11.7): the value
 * types the installed nodes use, not the nodes themselves.
 *
 * @param types the types of this page
 * @param cursor this page's offset
 * @param nextCursor the next page's offset, or null on the last page
 * @param typeCount how many types there are in all, or null
 * @param nodeCount how many nodes use them, or null
 * @param registryReady whether the node registry was ready, or null
 * @param raw the page as received ({@code provenance_counts}, {@code unavailable_packs}, ...)
 */
public record NodeTypePage(
        List<NodeType> types,
        Long cursor,
        Long nextCursor,
        Long typeCount,
        Long nodeCount,
        Boolean registryReady,
        ObjectNode raw) {

    /** @return true when another page follows */
    public boolean hasNext() {
        return nextCursor != null;
    }

    /**
     * One value type of the inventory.
     *
     * @param type the type, e.g. {@code str}, {@code image}, {@code list}
     * @param typeName a named type's name, or null
     * @param optional whether it is optional
     * @param nodeCount how many nodes use it, or null
     * @param raw the entry as received ({@code type_args}, {@code values}, {@code examples}, ...)
     */
    public record NodeType(String type, String typeName, boolean optional, Long nodeCount, ObjectNode raw) {}
}
