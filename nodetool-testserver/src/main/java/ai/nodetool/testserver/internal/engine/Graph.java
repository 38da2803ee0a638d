package ai.nodetool.testserver.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed, validated workflow graph (protocol-notes §4.1) with its nodes in execution order.
 * Immutable after {@link #parse}.
 */
final class Graph {

    /** One node; {@code data} is the node's {@code data} (or its alias {@code properties}), never null. */
    record GraphNode(String id, String type, ObjectNode data, JsonNode uiProperties, int index, String savedName) {
        String title() {
            return Values.title(type, data, uiProperties);
        }

        boolean isInput() {
            return type.startsWith(Nodes.INPUT_PREFIX);
        }

        boolean isOutput() {
            return type.startsWith(Nodes.OUTPUT_PREFIX);
        }

        /** The output or parameter name: {@code data.name}, else the node id (protocol-notes §5.1). */
        String ioName() {
            JsonNode name = data.get("name");
            return name != null && name.isTextual() && !name.asText().isEmpty() ? name.asText() : id;
        }

        /**
         * Gen C's {@code output_update.output_name} of an output node: its trimmed {@code name}, else the
         * handle {@code output} (protocol-notes §8.5).
         */
        String outputName() {
            JsonNode name = data.get("name");
            String trimmed = name != null && name.isTextual() ? name.asText().trim() : "";
            return trimmed.isEmpty() ? "output" : trimmed;
        }

        /**
         * What Gen C's kernel calls {@code node.name} when the WebSocket loader hydrates the graph: a
         * top-level {@code name} saved on the node, else the node class's title (protocol-notes §8.5).
         */
        String kernelName() {
            return savedName != null ? savedName : Values.titleOf(type);
        }
    }

    /** One edge; {@code sourceHandle} defaults to {@code output}. */
    record GraphEdge(String id, String source, String sourceHandle, String target, String targetHandle) {
        /** The id used in {@code edge_update} messages (protocol-notes §8.1). */
        String edgeId() {
            return id != null ? id : source + ":" + sourceHandle + "->" + target + ":" + targetHandle;
        }
    }

    private final List<GraphNode> order;
    private final Map<String, List<GraphEdge>> outgoing;
    private final Map<String, List<GraphEdge>> incoming;

    private Graph(List<GraphNode> order, Map<String, List<GraphEdge>> outgoing, Map<String, List<GraphEdge>> incoming) {
        this.order = order;
        this.outgoing = outgoing;
        this.incoming = incoming;
    }

    /** Nodes in topological order; ties keep the order of the {@code nodes} array. */
    List<GraphNode> order() {
        return order;
    }

    List<GraphEdge> outgoing(String nodeId) {
        return outgoing.getOrDefault(nodeId, List.of());
    }

    List<GraphEdge> incoming(String nodeId) {
        return incoming.getOrDefault(nodeId, List.of());
    }

    /**
     * Parses and validates a graph.
     *
     * @param graph the {@code graph} object of a stored workflow, may be null
     * @param knownType whether the engine can execute a node type; null accepts every type
     * @throws WorkflowException when the graph cannot be run
     */
    static Graph parse(JsonNode graph, java.util.function.Predicate<String> knownType) {
        if (graph == null
                || !graph.isObject()
                || !graph.path("nodes").isArray()
                || !graph.path("edges").isArray()) {
            // Same wording as Gen C's create/update validation (protocol-notes §4.3).
            throw new WorkflowException("graph is required and must have nodes and edges arrays");
        }
        Map<String, GraphNode> nodes = new LinkedHashMap<>();
        int index = 0;
        for (JsonNode n : graph.get("nodes")) {
            if (!n.isObject()) {
                throw new WorkflowException("Invalid graph: every node must be an object");
            }
            String id = text(n.get("id"));
            String type = text(n.get("type"));
            if (id == null || id.isEmpty()) {
                throw new WorkflowException("Invalid graph: a node has no id");
            }
            if (type == null || type.isEmpty()) {
                throw new WorkflowException("Invalid graph: node '" + id + "' has no type");
            }
            if (nodes.containsKey(id)) {
                throw new WorkflowException("Invalid graph: duplicate node id '" + id + "'");
            }
            if (knownType != null && !knownType.test(type)) {
                throw new WorkflowException("Unknown node type: " + type + " (node '" + id + "')");
            }
            // protocol-notes §4.1: the runner accepts `properties` as an alias of `data`.
            JsonNode data = n.has("data") && !n.get("data").isNull() ? n.get("data") : n.get("properties");
            ObjectNode dataCopy = data != null && data.isObject()
                    ? ((ObjectNode) data).deepCopy()
                    : JsonNodeFactory.instance.objectNode();
            JsonNode saved = n.get("name");
            String savedName =
                    saved != null && saved.isTextual() && !saved.asText().isEmpty() ? saved.asText() : null;
            nodes.put(id, new GraphNode(id, type, dataCopy, n.get("ui_properties"), index++, savedName));
        }

        Map<String, List<GraphEdge>> outgoing = new HashMap<>();
        Map<String, List<GraphEdge>> incoming = new HashMap<>();
        for (JsonNode e : graph.get("edges")) {
            if (!e.isObject()) {
                throw new WorkflowException("Invalid graph: every edge must be an object");
            }
            String source = text(e.get("source"));
            String target = text(e.get("target"));
            String sourceHandle = text(e.get("sourceHandle"));
            String targetHandle = text(e.get("targetHandle"));
            String label = text(e.get("id")) != null ? "'" + text(e.get("id")) + "'" : source + " -> " + target;
            if (source == null || !nodes.containsKey(source)) {
                throw new WorkflowException(
                        "Invalid graph: edge " + label + " has unknown source node '" + source + "'");
            }
            if (target == null || !nodes.containsKey(target)) {
                throw new WorkflowException(
                        "Invalid graph: edge " + label + " has unknown target node '" + target + "'");
            }
            if (targetHandle == null || targetHandle.isEmpty()) {
                throw new WorkflowException("Invalid graph: edge " + label + " has no targetHandle");
            }
            GraphEdge edge = new GraphEdge(
                    text(e.get("id")),
                    source,
                    sourceHandle == null || sourceHandle.isEmpty() ? "output" : sourceHandle,
                    target,
                    targetHandle);
            outgoing.computeIfAbsent(source, k -> new ArrayList<>()).add(edge);
            incoming.computeIfAbsent(target, k -> new ArrayList<>()).add(edge);
        }
        return new Graph(topologicalOrder(nodes, outgoing, incoming), outgoing, incoming);
    }

    /** Kahn's algorithm; among ready nodes the earliest in the {@code nodes} array runs first. */
    private static List<GraphNode> topologicalOrder(
            Map<String, GraphNode> nodes,
            Map<String, List<GraphEdge>> outgoing,
            Map<String, List<GraphEdge>> incoming) {
        Map<String, Integer> pending = new HashMap<>();
        java.util.PriorityQueue<GraphNode> ready =
                new java.util.PriorityQueue<>(java.util.Comparator.comparingInt(GraphNode::index));
        for (GraphNode node : nodes.values()) {
            int count = incoming.getOrDefault(node.id(), List.of()).size();
            pending.put(node.id(), count);
            if (count == 0) {
                ready.add(node);
            }
        }
        List<GraphNode> order = new ArrayList<>(nodes.size());
        while (!ready.isEmpty()) {
            GraphNode node = ready.poll();
            order.add(node);
            for (GraphEdge edge : outgoing.getOrDefault(node.id(), List.of())) {
                if (pending.merge(edge.target(), -1, Integer::sum) == 0) {
                    ready.add(nodes.get(edge.target()));
                }
            }
        }
        if (order.size() < nodes.size()) {
            Deque<String> stuck = new ArrayDeque<>();
            for (GraphNode node : nodes.values()) {
                if (pending.get(node.id()) > 0) {
                    stuck.add(node.id());
                }
            }
            throw new WorkflowException("Invalid graph: the graph contains a cycle through nodes " + stuck);
        }
        return List.copyOf(order);
    }

    private static String text(JsonNode node) {
        return node != null && node.isValueNode() && !node.isNull() ? node.asText() : null;
    }
}
