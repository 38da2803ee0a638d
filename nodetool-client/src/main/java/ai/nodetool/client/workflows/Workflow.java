package ai.nodetool.client.workflows;

import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.internal.json.Trees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A workflow as the Editor API returns it (protocol-notes §4.1 Gen C, §4.1 Gen A/B). Tolerant of
 * both generations: Gen C has {@code etag}, {@code html_app} and null schemas; Gen A/B fill
 * {@code input_schema}/{@code output_schema} and have no {@code etag}. Every field, modelled or
 * not, stays available through {@link #raw()}, {@link #get(String)} and
 * {@link #unknownFields()}. Immutable and thread-safe.
 */
public final class Workflow extends JsonBacked {
    private static final Set<String> KNOWN = Set.of(
            "id",
            "access",
            "created_at",
            "updated_at",
            "name",
            "tool_name",
            "description",
            "tags",
            "thumbnail",
            "thumbnail_url",
            "graph",
            "input_schema",
            "output_schema",
            "settings",
            "package_name",
            "path",
            "run_mode",
            "workspace_id",
            "required_providers",
            "required_models",
            "html_app",
            "app_doc",
            "etag");

    private Workflow(ObjectNode json) {
        super(json);
    }

    /**
     * @param json a workflow object (copied)
     * @return the workflow
     * @throws NodeToolProtocolException if {@code json} is not an object
     */
    public static Workflow fromJson(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new NodeToolProtocolException("Expected a workflow object but got "
                    + (json == null ? "nothing" : json.getNodeType().toString().toLowerCase()));
        }
        return new Workflow(((ObjectNode) json).deepCopy());
    }

    /** @return the workflow id (opaque: 32-hex or UUID) */
    public String id() {
        return Trees.scalarText(json, "id");
    }

    /** @return the name */
    public String name() {
        return text("name");
    }

    /** @return the description, or null */
    public String description() {
        return text("description");
    }

    /** @return {@code private} or {@code public}, or null */
    public String access() {
        return text("access");
    }

    /** @return the tags (empty when absent or null), unmodifiable */
    public List<String> tags() {
        List<String> out = new ArrayList<>();
        json.path("tags").forEach(t -> {
            if (t.isTextual()) {
                out.add(t.textValue());
            }
        });
        return Collections.unmodifiableList(out);
    }

    /** @return the graph, if present (example listings send an empty one) */
    public Optional<Graph> graph() {
        JsonNode g = Trees.nonNull(json, "graph");
        return g != null && g.isObject() ? Optional.of(Graph.fromJson(g)) : Optional.empty();
    }

    /** @return the Gen A/B input JSON Schema (always absent on Gen C: use {@code interfaceOf}) */
    public Optional<JsonNode> inputSchema() {
        return Optional.ofNullable(Trees.nonNull(json, "input_schema")).map(JsonNode::deepCopy);
    }

    /** @return the Gen A/B output JSON Schema (always absent on Gen C) */
    public Optional<JsonNode> outputSchema() {
        return Optional.ofNullable(Trees.nonNull(json, "output_schema")).map(JsonNode::deepCopy);
    }

    /** @return the settings object, if present */
    public Optional<JsonNode> settings() {
        return Optional.ofNullable(Trees.nonNull(json, "settings")).map(JsonNode::deepCopy);
    }

    /** @return the run mode ({@code workflow}, {@code chat}, {@code app}, {@code tool}, ...), or null */
    public String runMode() {
        return text("run_mode");
    }

    /** @return the tool name, or null */
    public String toolName() {
        return text("tool_name");
    }

    /** @return the package name, or null */
    public String packageName() {
        return text("package_name");
    }

    /** @return the thumbnail URL, or null */
    public String thumbnailUrl() {
        return text("thumbnail_url");
    }

    /** @return the revision token (Gen C), or null */
    public String etag() {
        return text("etag");
    }

    /**
     * @return {@code updated_at} exactly as the server sent it (pass it back as
     *     {@code expectedUpdatedAt} for an optimistic update), or null
     */
    public String updatedAtRaw() {
        return text("updated_at");
    }

    /** @return {@code created_at} as sent, or null */
    public String createdAtRaw() {
        return text("created_at");
    }

    /** @return {@code updated_at} parsed (ISO-8601 with or without offset, UTC assumed), if parsable */
    public Optional<OffsetDateTime> updatedAt() {
        return parseTime(updatedAtRaw());
    }

    /** @return {@code created_at} parsed, if parsable */
    public Optional<OffsetDateTime> createdAt() {
        return parseTime(createdAtRaw());
    }

    private static Optional<OffsetDateTime> parseTime(String s) {
        if (s == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(s));
        } catch (DateTimeParseException e) {
            try {
                // Python's isoformat() omits the offset for naive UTC datetimes.
                return Optional.of(java.time.LocalDateTime.parse(s).atOffset(java.time.ZoneOffset.UTC));
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }

    /** @return a request builder prefilled with every field of this workflow (unknown ones too), for an update */
    public WorkflowRequest.Builder toRequest() {
        return WorkflowRequest.from(this);
    }

    @Override
    Set<String> knownFields() {
        return KNOWN;
    }

    @Override
    public String toString() {
        return "Workflow{id=" + id() + ", name=" + name() + "}";
    }
}
