package ai.nodetool.client.workflows;

import ai.nodetool.client.internal.json.Trees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * The graph-derived inputs and outputs of a workflow, from Gen C's
 * {@code GET /api/workflows/{id}/interface?version=1} (protocol-notes §4.6). Immutable.
 */
public final class WorkflowInterface extends JsonBacked {
    private static final Set<String> KNOWN =
            Set.of("version", "workflow_id", "etag", "source", "inputs", "outputs", "diagnostics");

    /**
     * One input pin.
     *
     * @param nodeId input node id
     * @param name parameter name used in {@code params}
     * @param type declared type
     * @param description description, or null
     * @param required whether the input must be given
     * @param defaultValue the default, or null
     * @param raw the full pin object
     */
    public record Input(
            String nodeId,
            String name,
            String type,
            String description,
            boolean required,
            JsonNode defaultValue,
            ObjectNode raw) {}

    /**
     * One output pin.
     *
     * @param nodeId output node id
     * @param name output name used in results
     * @param type declared type
     * @param description description, or null
     * @param stream whether the output streams several values
     * @param raw the full pin object
     */
    public record Output(String nodeId, String name, String type, String description, boolean stream, ObjectNode raw) {}

    private WorkflowInterface(ObjectNode json) {
        super(json);
    }

    /**
     * @param json the interface object (copied)
     * @return the interface
     */
    public static WorkflowInterface fromJson(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new ai.nodetool.client.errors.NodeToolProtocolException("Expected a workflow interface object");
        }
        return new WorkflowInterface(((ObjectNode) json).deepCopy());
    }

    /** @return the workflow id */
    public String workflowId() {
        return text("workflow_id");
    }

    /** @return the interface version (1) */
    public int version() {
        return json.path("version").asInt();
    }

    /** @return the input pins, unmodifiable */
    public List<Input> inputs() {
        List<Input> out = new ArrayList<>();
        json.path("inputs").forEach(n -> {
            if (n.isObject()) {
                out.add(new Input(
                        Trees.text(n, "node_id"),
                        Trees.text(n, "name"),
                        Trees.text(n, "type"),
                        Trees.text(n, "description"),
                        Boolean.TRUE.equals(Trees.boolValue(n, "required")),
                        Trees.nonNull(n, "default"),
                        ((ObjectNode) n).deepCopy()));
            }
        });
        return Collections.unmodifiableList(out);
    }

    /** @return the output pins, unmodifiable */
    public List<Output> outputs() {
        List<Output> out = new ArrayList<>();
        json.path("outputs").forEach(n -> {
            if (n.isObject()) {
                out.add(new Output(
                        Trees.text(n, "node_id"),
                        Trees.text(n, "name"),
                        Trees.text(n, "type"),
                        Trees.text(n, "description"),
                        Boolean.TRUE.equals(Trees.boolValue(n, "stream")),
                        ((ObjectNode) n).deepCopy()));
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
        return "WorkflowInterface{workflowId=" + workflowId() + ", inputs=" + inputs().size() + ", outputs="
                + outputs().size() + "}";
    }
}
