package ai.nodetool.client.session;

import ai.nodetool.client.workflows.Graph;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The {@code data} of a {@code run_job} command (protocol-notes §7.3). Immutable; build with
 * {@link #builder()}. Every field of protocol-notes §7.3 is sent, with NodeTool's defaults for those not set, so
 * the command matches what NodeTool's own SDK sends; fields a server does not know are ignored by
 * it.
 *
 * <p>Defaults: a random UUID {@code job_id}; {@code require_terminal_result} true (NodeTool's SDK
 * profile: exactly one terminal update, carrying the outputs); {@code job_type "workflow"};
 * {@code execution_strategy "threaded"}; empty {@code params}; {@code null} graph,
 * {@code execution_options}, {@code resource_limits}, {@code env}, {@code api_url}; empty
 * {@code user_id} and {@code auth_token}.
 *
 * <p>The random {@code job_id} is drawn when the request is built, so one request is one run: submitting
 * the same request twice reuses its id, and a current server then cancels the older run in favour of the
 * newer one (protocol-notes §7.6). Build a request per run, or derive one with
 * {@code toBuilder().randomJobId().build()}.
 */
public final class RunJobRequest {
    private final String jobId;
    private final String workflowId;
    private final JsonNode graph;
    private final Map<String, Object> params;
    private final boolean requireTerminalResult;
    private final Map<String, Object> executionOptions;
    private final boolean explicitTypes;
    private final Map<String, Object> resourceLimits;
    private final String jobType;
    private final String executionStrategy;
    private final String userId;
    private final String authToken;
    private final String apiUrl;
    private final Map<String, String> env;
    private final Map<String, Object> extra;

    private RunJobRequest(Builder b) {
        this.jobId = b.jobId != null ? b.jobId : UUID.randomUUID().toString();
        this.workflowId = b.workflowId;
        this.graph = b.graph;
        this.params = freeze(b.params);
        this.requireTerminalResult = b.requireTerminalResult;
        this.executionOptions = b.executionOptions == null ? null : freeze(b.executionOptions);
        this.explicitTypes = b.explicitTypes;
        this.resourceLimits = b.resourceLimits == null ? null : freeze(b.resourceLimits);
        this.jobType = b.jobType;
        this.executionStrategy = b.executionStrategy;
        this.userId = b.userId;
        this.authToken = b.authToken;
        this.apiUrl = b.apiUrl;
        this.env = b.env == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(b.env));
        this.extra = freeze(b.extra);
    }

    private static <V> Map<String, V> freeze(Map<String, V> m) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return a builder holding this request's values, including its {@code job_id}: change the
     *     id (or call {@link Builder#randomJobId()}) before running it again
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.jobId = jobId;
        b.workflowId = workflowId;
        b.graph = graph;
        b.params.putAll(params);
        b.requireTerminalResult = requireTerminalResult;
        b.executionOptions = executionOptions == null ? null : new LinkedHashMap<>(executionOptions);
        b.explicitTypes = explicitTypes;
        b.resourceLimits = resourceLimits == null ? null : new LinkedHashMap<>(resourceLimits);
        b.jobType = jobType;
        b.executionStrategy = executionStrategy;
        b.userId = userId;
        b.authToken = authToken;
        b.apiUrl = apiUrl;
        b.env = env == null ? null : new LinkedHashMap<>(env);
        b.extra.putAll(extra);
        return b;
    }

    /** @return the client-chosen {@code job_id}, never null */
    public String jobId() {
        return jobId;
    }

    /** @return the {@code workflow_id}, or null when running an inline graph */
    public String workflowId() {
        return workflowId;
    }

    /** @return the inline {@code graph}, or null */
    public JsonNode graph() {
        return graph;
    }

    /** @return the input values by input name; read-only, never null */
    public Map<String, Object> params() {
        return params;
    }

    /** @return {@code require_terminal_result} */
    public boolean requireTerminalResult() {
        return requireTerminalResult;
    }

    /** @return {@code execution_options}, or null for the server's defaults */
    public Map<String, Object> executionOptions() {
        return executionOptions;
    }

    /** @return {@code explicit_types} */
    public boolean explicitTypes() {
        return explicitTypes;
    }

    /** @return {@code resource_limits}, or null */
    public Map<String, Object> resourceLimits() {
        return resourceLimits;
    }

    /** @return {@code job_type} */
    public String jobType() {
        return jobType;
    }

    /** @return {@code execution_strategy} */
    public String executionStrategy() {
        return executionStrategy;
    }

    /** @return {@code user_id} (empty: the connection's user) */
    public String userId() {
        return userId;
    }

    /** @return {@code auth_token}; never printed by {@link #toString()} */
    public String authToken() {
        return authToken;
    }

    /** @return {@code api_url}, or null */
    public String apiUrl() {
        return apiUrl;
    }

    /** @return {@code env}, or null */
    public Map<String, String> env() {
        return env;
    }

    /** @return further {@code data} fields passed through as given (e.g. {@code concurrent}); read-only */
    public Map<String, Object> extra() {
        return extra;
    }

    @Override
    public String toString() {
        return "RunJobRequest{jobId=" + jobId + ", workflowId=" + workflowId + ", graph="
                + (graph == null ? "none" : "inline") + ", params=" + params.keySet()
                + ", requireTerminalResult=" + requireTerminalResult + "}";
    }

    /** Builder for {@link RunJobRequest}. Not thread-safe. */
    public static final class Builder {
        private String jobId;
        private String workflowId;
        private JsonNode graph;
        private final Map<String, Object> params = new LinkedHashMap<>();
        private boolean requireTerminalResult = true;
        private Map<String, Object> executionOptions;
        private boolean explicitTypes;
        private Map<String, Object> resourceLimits;
        private String jobType = "workflow";
        private String executionStrategy = "threaded";
        private String userId = "";
        private String authToken = "";
        private String apiUrl;
        private Map<String, String> env;
        private final Map<String, Object> extra = new LinkedHashMap<>();

        private Builder() {}

        /**
         * @param id the {@code job_id} to use (NodeTool app sessions require UUID format)
         * @return this builder
         */
        public Builder jobId(String id) {
            this.jobId = requireText(id, "jobId");
            return this;
        }

        /** @return this builder, with a fresh random UUID as {@code job_id} */
        public Builder randomJobId() {
            this.jobId = null;
            return this;
        }

        /**
         * @param id the workflow to run (loaded by the server)
         * @return this builder
         */
        public Builder workflowId(String id) {
            this.workflowId = requireText(id, "workflowId");
            return this;
        }

        /**
         * @param graph an inline graph {@code {nodes:[…], edges:[…]}}; takes precedence over the
         *     workflow id on the server
         * @return this builder
         */
        public Builder graph(JsonNode graph) {
            Objects.requireNonNull(graph, "graph");
            if (!graph.isObject()) {
                throw new IllegalArgumentException("graph must be an object {nodes, edges}");
            }
            this.graph = graph.deepCopy();
            return this;
        }

        /**
         * @param graph an inline graph
         * @return this builder
         */
        public Builder graph(Graph graph) {
            return graph(Objects.requireNonNull(graph, "graph").raw());
        }

        /**
         * @param values input values by input-node name (added to any set before)
         * @return this builder
         */
        public Builder params(Map<String, ?> values) {
            params.putAll(Objects.requireNonNull(values, "values"));
            return this;
        }

        /**
         * @param name input-node name
         * @param value its value (String, Number, Boolean, byte[], List, Map, or null)
         * @return this builder
         */
        public Builder param(String name, Object value) {
            params.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        /**
         * @param require true (default) for exactly one terminal update carrying the outputs (Gen C)
         * @return this builder
         */
        public Builder requireTerminalResult(boolean require) {
            this.requireTerminalResult = require;
            return this;
        }

        /**
         * @param options {@code execution_options}, e.g. {@code {persistence, event_detail,
         *     asset_persistence}}; null for the server's defaults
         * @return this builder
         */
        public Builder executionOptions(Map<String, ?> options) {
            this.executionOptions = options == null ? null : new LinkedHashMap<>(options);
            return this;
        }

        /**
         * @param persistence {@code "job"} or {@code "session"}
         * @param eventDetail {@code "full"}, {@code "outputs"} or {@code "terminal"}
         * @param assetPersistence {@code "auto"} or {@code "temporary"}
         * @return this builder
         */
        public Builder executionOptions(String persistence, String eventDetail, String assetPersistence) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("persistence", persistence);
            m.put("event_detail", eventDetail);
            m.put("asset_persistence", assetPersistence);
            this.executionOptions = m;
            return this;
        }

        /**
         * @param explicit {@code explicit_types} (Gen A/B wrap result primitives with their type)
         * @return this builder
         */
        public Builder explicitTypes(boolean explicit) {
            this.explicitTypes = explicit;
            return this;
        }

        /**
         * @param limits {@code resource_limits} (Gen A/B: cpu_percent, memory_mb, time_seconds, …), or null
         * @return this builder
         */
        public Builder resourceLimits(Map<String, ?> limits) {
            this.resourceLimits = limits == null ? null : new LinkedHashMap<>(limits);
            return this;
        }

        /**
         * @param type {@code job_type} (default {@code "workflow"})
         * @return this builder
         */
        public Builder jobType(String type) {
            this.jobType = Objects.requireNonNull(type, "type");
            return this;
        }

        /**
         * @param strategy {@code execution_strategy} (default {@code "threaded"}; servers may override it)
         * @return this builder
         */
        public Builder executionStrategy(String strategy) {
            this.executionStrategy = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /**
         * @param id {@code user_id}; a non-empty value overrides the connection's user on Gen C
         * @return this builder
         */
        public Builder userId(String id) {
            this.userId = Objects.requireNonNull(id, "id");
            return this;
        }

        /**
         * @param token {@code auth_token} passed to the job's context (Gen A/B); not used for auth
         * @return this builder
         */
        public Builder authToken(String token) {
            this.authToken = Objects.requireNonNull(token, "token");
            return this;
        }

        /**
         * @param url {@code api_url} for the job's context (Gen A/B), or null
         * @return this builder
         */
        public Builder apiUrl(String url) {
            this.apiUrl = url;
            return this;
        }

        /**
         * @param variables {@code env} for the job (Gen A/B), or null
         * @return this builder
         */
        public Builder env(Map<String, String> variables) {
            this.env = variables == null ? null : new LinkedHashMap<>(variables);
            return this;
        }

        /**
         * @param field another {@code data} field (e.g. {@code concurrent}, {@code job_name})
         * @param value its value
         * @return this builder
         */
        public Builder extra(String field, Object value) {
            extra.put(Objects.requireNonNull(field, "field"), value);
            return this;
        }

        /**
         * @return the request
         * @throws IllegalStateException if neither a workflow id nor a graph is set
         */
        public RunJobRequest build() {
            if (workflowId == null && graph == null) {
                throw new IllegalStateException("Set a workflowId or a graph");
            }
            return new RunJobRequest(this);
        }

        private static String requireText(String s, String name) {
            if (Objects.requireNonNull(s, name).isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return s;
        }
    }
}
