package ai.nodetool.client.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/** A workflow graph {@code {nodes, edges}}. Immutable; extra keys are kept. */
public final class Graph extends JsonBacked {
    private static final Set<String> KNOWN = Set.of("nodes", "edges");

    private Graph(ObjectNode json) {
        super(json);
    }

    /**
     * @param nodes the nodes
     * @param edges the edges
     * @return the graph
     */
    public static Graph of(List<Node> nodes, List<Edge> edges) {
        ObjectNode g = newObject();
        ArrayNode n = g.putArray("nodes");
        nodes.forEach(x -> n.add(x.json.deepCopy()));
        ArrayNode e = g.putArray("edges");
        edges.forEach(x -> e.add(x.json.deepCopy()));
        return new Graph(g);
    }

    /**
     * @param json a graph object (copied)
     * @return the graph
     */
    public static Graph fromJson(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("a graph must be a JSON object");
        }
        return new Graph(((ObjectNode) json).deepCopy());
    }

    /** @return the nodes (entries that are not objects are skipped), unmodifiable */
    public List<Node> nodes() {
        List<Node> out = new ArrayList<>();
        json.path("nodes").forEach(n -> {
            if (n.isObject()) {
                out.add(Node.fromJson(n));
            }
        });
        return Collections.unmodifiableList(out);
    }

    /** @return the edges (entries that are not objects are skipped), unmodifiable */
    public List<Edge> edges() {
        List<Edge> out = new ArrayList<>();
        json.path("edges").forEach(n -> {
            if (n.isObject()) {
                out.add(Edge.fromJson(n));
            }
        });
        return Collections.unmodifiableList(out);
    }

    @Override
    Set<String> knownFields() {
        return KNOWN;
    }

    @Override
    public String toString() {
        return "Graph{" + json.path("nodes").size() + " nodes, "
                + json.path("edges").size() + " edges}";
    }
}
