package ai.nodetool.client.discovery;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A preflight check of a run ({@code POST /api/sdk/v1/preflight}, protocol-notes §11.5). Immutable; build with
 * {@link #builder(String)}.
 *
 * <p>With {@link Level#EXECUTION} and a {@linkplain Builder#runner(String) runner id}, the server checks the
 * live WebSocket connection that announced that id ({@code JobSession.runnerId()}) and reports its capacity.
 */
public final class PreflightRequest {
    /** How deep the server checks. */
    public enum Level {
        /** Inputs and graph only; every requirement reads {@code unknown}. */
        STATIC,
        /** Also read-only availability probes of credentials, models, packs. */
        AVAILABILITY,
        /** Also the execution target and its capacity. */
        EXECUTION;

        String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final String workflowId;
    private final String workspaceId;
    private final String workflowEtag;
    private final Level level;
    private final Map<String, Object> inputs;
    private final String runnerId;
    private final Boolean concurrent;

    private PreflightRequest(Builder b) {
        this.workflowId = b.workflowId;
        this.workspaceId = b.workspaceId;
        this.workflowEtag = b.workflowEtag;
        this.level = b.level;
        this.inputs = Collections.unmodifiableMap(new LinkedHashMap<>(b.inputs));
        this.runnerId = b.runnerId;
        this.concurrent = b.concurrent;
    }

    /**
     * @param workflowId the workflow to check
     * @return a builder at level {@link Level#STATIC} with no inputs
     */
    public static Builder builder(String workflowId) {
        return new Builder(workflowId);
    }

    /** @return the workflow id */
    public String workflowId() {
        return workflowId;
    }

    /** @return the workspace id, or null */
    public String workspaceId() {
        return workspaceId;
    }

    /** @return the etag the caller knows (a stale one gives {@code workflow_etag_mismatch}), or null */
    public String workflowEtag() {
        return workflowEtag;
    }

    /** @return the level */
    public Level level() {
        return level;
    }

    /** @return the level as sent */
    public String levelWire() {
        return level.wire();
    }

    /** @return the inputs to check, by input name */
    public Map<String, Object> inputs() {
        return inputs;
    }

    /** @return the live runner to check against, or null for none */
    public String runnerId() {
        return runnerId;
    }

    /** @return the {@code concurrent} flag of the execution target, or null */
    public Boolean concurrent() {
        return concurrent;
    }

    /** Builder for {@link PreflightRequest}. */
    public static final class Builder {
        private final String workflowId;
        private String workspaceId;
        private String workflowEtag;
        private Level level = Level.STATIC;
        private final Map<String, Object> inputs = new LinkedHashMap<>();
        private String runnerId;
        private Boolean concurrent;

        private Builder(String workflowId) {
            this.workflowId = Objects.requireNonNull(workflowId, "workflowId");
        }

        /**
         * @param level how deep to check
         * @return this builder
         */
        public Builder level(Level level) {
            this.level = Objects.requireNonNull(level, "level");
            return this;
        }

        /**
         * @param inputs input values by name (added to any set before)
         * @return this builder
         */
        public Builder inputs(Map<String, ?> inputs) {
            this.inputs.putAll(inputs);
            return this;
        }

        /**
         * @param name an input name
         * @param value its value
         * @return this builder
         */
        public Builder input(String name, Object value) {
            this.inputs.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        /**
         * @param workspaceId the workspace, or null
         * @return this builder
         */
        public Builder workspaceId(String workspaceId) {
            this.workspaceId = workspaceId;
            return this;
        }

        /**
         * @param etag the interface etag the caller last saw, or null
         * @return this builder
         */
        public Builder workflowEtag(String etag) {
            this.workflowEtag = etag;
            return this;
        }

        /**
         * @param runnerId the {@code runner_id} a WebSocket session announced ({@code JobSession.runnerId()}),
         *     sent as {@code execution_target {kind:"runner"}}; null for none
         * @return this builder
         */
        public Builder runner(String runnerId) {
            this.runnerId = runnerId;
            return this;
        }

        /**
         * @param concurrent whether the run would allow parallel runs of the same workflow
         * @return this builder
         */
        public Builder concurrent(boolean concurrent) {
            this.concurrent = concurrent;
            return this;
        }

        /** @return the request */
        public PreflightRequest build() {
            return new PreflightRequest(this);
        }
    }
}
