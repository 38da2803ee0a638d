package ai.nodetool.testserver.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Derives a workflow's interface from its graph: Gen A/B {@code input_schema}/{@code output_schema}
 * (protocol-notes §4.5) and the Gen C {@code /interface?version=1} payload (protocol-notes §4.6).
 *
 * <p>Lenient by design: it is applied to whatever graph a client stored, so it never throws for odd
 * graphs; nodes without an id or type are skipped, a missing graph yields empty schemas. Stateless
 * and thread-safe. Every method returns a fresh node.
 */
public final class SchemaDerivation {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> MEDIA_INPUTS = Set.of("ImageInput", "AudioInput", "VideoInput", "DocumentInput");

    private SchemaDerivation() {}

    /**
     * Gen A/B {@code input_schema}: {@code {"type":"object","properties":{...},"required":[...]}} with one
     * property per {@code nodetool.input.*} node, keyed by {@code data.name} (else node id), each with a
     * {@code label}, and every input listed in {@code required}.
     *
     * <p>Input classes that protocol-notes §4.5 does not list get just {@code {label}} (any JSON value).
     *
     * @param graph a workflow's {@code graph}, may be null
     */
    public static ObjectNode inputSchema(JsonNode graph) {
        ObjectNode schema = wrapper();
        ObjectNode properties = (ObjectNode) schema.get("properties");
        ArrayNode required = (ArrayNode) schema.get("required");
        for (JsonNode node : nodes(graph)) {
            String type = node.get("type").asText();
            if (!type.startsWith(Nodes.INPUT_PREFIX)) {
                continue;
            }
            String simple = type.substring(Nodes.INPUT_PREFIX.length());
            JsonNode data = data(node);
            ObjectNode p = JSON.objectNode();
            switch (simple) {
                case "FloatInput":
                    p.put("type", "number");
                    p.set("minimum", orDefault(lenient(Values::toFloat, data.get("min")), DoubleNode.valueOf(0)));
                    p.set("maximum", orDefault(lenient(Values::toFloat, data.get("max")), DoubleNode.valueOf(100)));
                    p.set("default", orDefault(lenient(Values::toFloat, data.get("value")), DoubleNode.valueOf(0)));
                    break;
                case "IntegerInput":
                    p.put("type", "integer");
                    p.set("minimum", orDefault(lenient(Values::toInteger, data.get("min")), IntNode.valueOf(0)));
                    p.set("maximum", orDefault(lenient(Values::toInteger, data.get("max")), IntNode.valueOf(100)));
                    p.set("default", orDefault(lenient(Values::toInteger, data.get("value")), IntNode.valueOf(0)));
                    break;
                case "StringInput":
                    p.put("type", "string");
                    p.set("default", orDefault(lenient(Values::toText, data.get("value")), TextNode.valueOf("")));
                    break;
                case "BooleanInput":
                    p.put("type", "boolean");
                    p.set("default", orDefault(lenient(Values::toBoolean, data.get("value")), BooleanNode.FALSE));
                    break;
                default:
                    if (MEDIA_INPUTS.contains(simple)) {
                        String media = simple.substring(0, simple.length() - "Input".length())
                                .toLowerCase(java.util.Locale.ROOT);
                        p.put("type", "object");
                        ObjectNode props = p.putObject("properties");
                        props.putObject("uri").put("type", "string").put("format", "uri");
                        props.putObject("type")
                                .put("type", "string")
                                .putArray("enum")
                                .add(media);
                        p.putArray("required").add("uri").add("type");
                    }
                    break;
            }
            p.put("label", label(data));
            String name = ioName(node);
            properties.set(name, p);
            required.add(name);
        }
        return schema;
    }

    /**
     * Gen A/B {@code output_schema}: the same wrapper with one {@code {type:"any", label}} property per
     * {@code nodetool.output.*} node, keyed by {@code data.name} (else node id), all required.
     *
     * @param graph a workflow's {@code graph}, may be null
     */
    public static ObjectNode outputSchema(JsonNode graph) {
        ObjectNode schema = wrapper();
        ObjectNode properties = (ObjectNode) schema.get("properties");
        ArrayNode required = (ArrayNode) schema.get("required");
        for (JsonNode node : nodes(graph)) {
            if (!node.get("type").asText().startsWith(Nodes.OUTPUT_PREFIX)) {
                continue;
            }
            ObjectNode p = JSON.objectNode();
            p.put("type", "any");
            p.put("label", label(data(node)));
            String name = ioName(node);
            properties.set(name, p);
            required.add(name);
        }
        return schema;
    }

    /**
     * Gen C {@code GET /api/workflows/{id}/interface?version=1} payload: {@code {version:1, workflow_id,
     * etag, source:"server", inputs:[{node_id, name, description, type, required, default, min?, max?}],
     * outputs:[{node_id, name, description, type, stream, stream_kind?}], diagnostics:[...]}}.
     *
     * <p>Choices where protocol-notes §4.6 gives only field names: {@code type} uses NodeTool's type names
     * ({@code str}, {@code int}, {@code float}, {@code bool}, {@code image}, ...; {@code any} otherwise);
     * an input is {@code required} when it has no {@code data.value}; {@code min}/{@code max} appear only
     * when the node sets them; an output is a {@code stream} (kind {@code text}) when a streaming node
     * feeds it. {@code diagnostics} lists {@code {code, severity, node_id, message}} for node types the
     * engine cannot run and for duplicate input or output names.
     *
     * @param workflowId the workflow id, may be null
     * @param etag the workflow's revision token, may be null
     * @param graph a workflow's {@code graph}, may be null
     */
    public static ObjectNode interfaceV1(String workflowId, String etag, JsonNode graph) {
        ObjectNode result = JSON.objectNode();
        result.put("version", 1);
        result.put("workflow_id", workflowId);
        result.put("etag", etag);
        result.put("source", "server");
        ArrayNode inputs = result.putArray("inputs");
        ArrayNode outputs = result.putArray("outputs");
        ArrayNode diagnostics = result.putArray("diagnostics");

        Map<String, String> typeById = new HashMap<>();
        for (JsonNode node : nodes(graph)) {
            typeById.put(node.get("id").asText(), node.get("type").asText());
        }
        Set<String> streamed = new HashSet<>();
        if (graph != null && graph.path("edges").isArray()) {
            for (JsonNode edge : graph.get("edges")) {
                if (Nodes.TEXT_STREAM.equals(typeById.get(edge.path("source").asText()))) {
                    streamed.add(edge.path("target").asText());
                }
            }
        }
        Set<String> inputNames = new HashSet<>();
        Set<String> outputNames = new HashSet<>();
        for (JsonNode node : nodes(graph)) {
            String id = node.get("id").asText();
            String type = node.get("type").asText();
            JsonNode data = data(node);
            if (!Nodes.isKnown(type)) {
                diagnostics.add(diagnostic("unknown_node_type", id, "The test server cannot run node type " + type));
            }
            if (type.startsWith(Nodes.INPUT_PREFIX)) {
                ObjectNode in = inputs.addObject();
                in.put("node_id", id);
                in.put("name", ioName(node));
                in.put("description", description(data));
                in.put(
                        "type",
                        valueType(type.substring(Nodes.INPUT_PREFIX.length()).replace("Input", "")));
                JsonNode value = data.get("value");
                in.put("required", value == null || value.isNull());
                in.set("default", value == null ? JSON.nullNode() : value.deepCopy());
                if (data.hasNonNull("min")) {
                    in.set("min", data.get("min").deepCopy());
                }
                if (data.hasNonNull("max")) {
                    in.set("max", data.get("max").deepCopy());
                }
                if (!inputNames.add(ioName(node))) {
                    diagnostics.add(
                            diagnostic("duplicate_input_name", id, "Another input is also named " + ioName(node)));
                }
            } else if (type.startsWith(Nodes.OUTPUT_PREFIX)) {
                ObjectNode out = outputs.addObject();
                out.put("node_id", id);
                out.put("name", ioName(node));
                out.put("description", description(data));
                out.put("type", Nodes.outputType(type));
                boolean stream = streamed.contains(id);
                out.put("stream", stream);
                if (stream) {
                    out.put("stream_kind", "text");
                }
                if (!outputNames.add(ioName(node))) {
                    diagnostics.add(
                            diagnostic("duplicate_output_name", id, "Another output is also named " + ioName(node)));
                }
            }
        }
        return result;
    }

    private static String valueType(String simple) {
        switch (simple) {
            case "String":
                return "str";
            case "Integer":
                return "int";
            case "Float":
                return "float";
            case "Boolean":
                return "bool";
            case "Image":
            case "Audio":
            case "Video":
            case "Document":
                return simple.toLowerCase(java.util.Locale.ROOT);
            default:
                return "any";
        }
    }

    private static ObjectNode diagnostic(String code, String nodeId, String message) {
        ObjectNode d = JSON.objectNode();
        d.put("code", code);
        d.put("severity", "warning");
        d.put("node_id", nodeId);
        d.put("message", message);
        return d;
    }

    private static ObjectNode wrapper() {
        ObjectNode schema = JSON.objectNode();
        schema.put("type", "object");
        schema.putObject("properties");
        schema.putArray("required");
        return schema;
    }

    /** Nodes with a textual id and type, in graph order. */
    private static Iterable<JsonNode> nodes(JsonNode graph) {
        ArrayNode valid = JSON.arrayNode();
        if (graph != null && graph.path("nodes").isArray()) {
            for (JsonNode node : graph.get("nodes")) {
                if (node.path("id").isTextual() && node.path("type").isTextual()) {
                    valid.add(node);
                }
            }
        }
        return valid;
    }

    private static JsonNode data(JsonNode node) {
        JsonNode data = node.hasNonNull("data") ? node.get("data") : node.get("properties");
        return data != null && data.isObject() ? data : JSON.objectNode();
    }

    private static String ioName(JsonNode node) {
        String name = Values.nonEmptyText(data(node).get("name"));
        return name != null ? name : node.get("id").asText();
    }

    private static String label(JsonNode data) {
        String label = Values.nonEmptyText(data.get("label"));
        return label != null ? label : "";
    }

    private static String description(JsonNode data) {
        String d = Values.nonEmptyText(data.get("description"));
        return d != null ? d : "";
    }

    private static JsonNode lenient(java.util.function.UnaryOperator<JsonNode> coercion, JsonNode value) {
        try {
            return coercion.apply(value);
        } catch (IllegalArgumentException e) {
            return value; // keep what the client stored rather than hide it
        }
    }

    private static JsonNode orDefault(JsonNode value, JsonNode fallback) {
        return value != null ? value.deepCopy() : fallback;
    }
}
