package ai.nodetool.client.workflows;

import ai.nodetool.client.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * Body of a create or update (protocol-notes §4.2). Only {@code name} and a graph are needed.
 * On update, fields not set are left unchanged by the server; setting one to null clears it.
 * Immutable.
 */
public final class WorkflowRequest {
    private final ObjectNode body;
    private final String expectedUpdatedAt;

    private WorkflowRequest(ObjectNode body, String expectedUpdatedAt) {
        this.body = body;
        this.expectedUpdatedAt = expectedUpdatedAt;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder(Json.mapper().createObjectNode());
    }

    static Builder from(Workflow w) {
        Builder b = new Builder(w.raw());
        b.body.remove("id");
        return b;
    }

    /** @return the JSON body that will be sent (a copy), without {@code expected_updated_at} */
    public ObjectNode toJson() {
        return body.deepCopy();
    }

    /** @return the optimistic-concurrency token, if set */
    public Optional<String> expectedUpdatedAt() {
        return Optional.ofNullable(expectedUpdatedAt);
    }

    @Override
    public String toString() {
        return "WorkflowRequest" + body;
    }

    /** Builder of {@link WorkflowRequest}. Not thread-safe. */
    public static final class Builder {
        private final ObjectNode body;
        private String expectedUpdatedAt;

        private Builder(ObjectNode body) {
            this.body = body;
        }

        /**
         * @param name workflow name (required by the server)
         * @return this builder
         */
        public Builder name(String name) {
            body.put("name", Objects.requireNonNull(name, "name"));
            return this;
        }

        /**
         * @param description description, null clears it
         * @return this builder
         */
        public Builder description(String description) {
            body.put("description", description);
            return this;
        }

        /**
         * @param tags tags
         * @return this builder
         */
        public Builder tags(Collection<String> tags) {
            body.set("tags", Json.mapper().valueToTree(tags));
            return this;
        }

        /**
         * @param access {@code private} or {@code public}
         * @return this builder
         */
        public Builder access(String access) {
            body.put("access", access);
            return this;
        }

        /**
         * @param graph the graph
         * @return this builder
         */
        public Builder graph(Graph graph) {
            body.set("graph", graph.raw());
            return this;
        }

        /**
         * @param settings a settings object (Jackson-serialisable), null clears it
         * @return this builder
         */
        public Builder settings(Object settings) {
            body.set("settings", Json.mapper().valueToTree(settings));
            return this;
        }

        /**
         * @param runMode run mode, e.g. {@code workflow}
         * @return this builder
         */
        public Builder runMode(String runMode) {
            body.put("run_mode", runMode);
            return this;
        }

        /**
         * @param toolName tool name
         * @return this builder
         */
        public Builder toolName(String toolName) {
            body.put("tool_name", toolName);
            return this;
        }

        /**
         * Any other field, sent as is.
         *
         * @param name JSON field name
         * @param value a JsonNode or Jackson-serialisable value (null sends JSON null)
         * @return this builder
         */
        public Builder field(String name, Object value) {
            body.set(
                    Objects.requireNonNull(name, "name"),
                    value instanceof JsonNode
                            ? ((JsonNode) value).deepCopy()
                            : Json.mapper().valueToTree(value));
            return this;
        }

        /**
         * Enables optimistic concurrency on update: the server answers 409
         * ({@code ConflictException}) if the workflow changed since this {@code updated_at}.
         *
         * @param updatedAt the {@code updated_at} string last read ({@link Workflow#updatedAtRaw()})
         * @return this builder
         */
        public Builder expectedUpdatedAt(String updatedAt) {
            this.expectedUpdatedAt = updatedAt;
            return this;
        }

        /** @return the request */
        public WorkflowRequest build() {
            return new WorkflowRequest(body.deepCopy(), expectedUpdatedAt);
        }
    }
}
