package ai.nodetool.testserver;

import ai.nodetool.testserver.internal.core.AssetStore;
import ai.nodetool.testserver.internal.core.ReceivedCommand;
import ai.nodetool.testserver.internal.core.ReceivedRequest;
import ai.nodetool.testserver.internal.core.Recorder;
import ai.nodetool.testserver.internal.core.RegisteredWorkflows;
import ai.nodetool.testserver.internal.core.Router;
import ai.nodetool.testserver.internal.core.ServerSettings;
import ai.nodetool.testserver.internal.core.ServerState;
import ai.nodetool.testserver.internal.core.WorkflowDefaults;
import ai.nodetool.testserver.internal.engine.DemoWorkflows;
import ai.nodetool.testserver.internal.net.PortServer;
import ai.nodetool.testserver.internal.rest.RestApi;
import ai.nodetool.testserver.internal.ws.WebSocketEndpoint;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake NodeTool server on a loopback port, faithful to NodeTool's wire protocol, for tests and demos.
 * HTTP and WebSocket share one port, as with NodeTool itself. It plays one {@link Generation}, really
 * executes small workflow graphs (the demo workflows of {@link DemoWorkflowIds} are preloaded),
 * records what it receives and can inject faults.
 *
 * <pre>{@code
 * try (NodeToolTestServer server = NodeToolTestServer.builder().generation(Generation.CURRENT).start()) {
 *     String api = server.baseUrl();          // http://127.0.0.1:<port>
 *     server.faults().failNext("GET", "/api/workflows", 1, 503);
 *     ...
 * }
 * }</pre>
 *
 * <p>All threads are daemon threads named {@code nodetool-testserver-<n>-...}; {@link #close()} stops
 * them all. Instances are thread-safe.
 */
public final class NodeToolTestServer implements AutoCloseable {
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    /** The default {@link Builder#maxUploadBytes(long)}: 512 MiB. */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = AssetStore.DEFAULT_MAX_UPLOAD_BYTES;

    /** Multipart framing around an upload that the HTTP layer lets through on top of the upload limit. */
    private static final long MULTIPART_SLACK_BYTES = 1L << 20;

    private final ServerState state;
    private final WebSocketEndpoint webSocket;
    private final PortServer http;
    private final Faults faults;
    private final InetAddress bindAddress;
    private final Generation generation;
    private final LegacyVersion legacyVersion;

    private NodeToolTestServer(Builder builder) {
        this.bindAddress = builder.bindAddress;
        this.generation = builder.generation;
        String prefix = "nodetool-testserver-" + INSTANCES.incrementAndGet() + "-";
        this.legacyVersion = builder.legacyVersion;
        ServerSettings settings = new ServerSettings(
                builder.generation.dialect(builder.legacyVersion),
                builder.token,
                builder.pingInterval,
                builder.detachGrace,
                builder.replayBufferEvents,
                builder.replayRetention,
                builder.maxConcurrentJobs,
                builder.maxRunsPerWorkflow,
                builder.nodeErrorsFailJob);
        this.state = new ServerState(settings, prefix, builder.maxUploadBytes);
        if (builder.generation == Generation.CURRENT) {
            // Gen C runs read uploaded inputs by uri/asset_id; legacy takes inline data only (protocol-notes §10.2).
            state.engine().mediaSource(ref -> state.assets().open(ref));
        }
        if (builder.demoWorkflows) {
            for (ObjectNode workflow : DemoWorkflows.all()) {
                state.store().put(workflow);
            }
        }
        state.recorder().limits(builder.maxRecordedRequests, builder.maxRecordedBytes, builder.maxRecordedCommands);
        this.webSocket = new WebSocketEndpoint(state);
        webSocket.maxRetainedJobs(builder.maxRetainedJobs);
        state.faults().sockets(webSocket);
        this.faults = new Faults(state.faults());
        RestApi rest = new RestApi(state);
        Router router = new Router(state, rest, webSocket);
        this.http = new PortServer(builder.bindAddress, builder.port, router, prefix)
                .maxConnections(builder.maxConnections)
                .maxRequestBodyBytes(builder.maxRequestBodyBytes)
                // Uploads stream from their spool file, so they may be larger than any other body.
                .maxStreamedBodyBytes(rest::streamsBody, builder.maxUploadBytes + MULTIPART_SLACK_BYTES)
                .maxBufferedBodyBytes(builder.maxBufferedBodyBytes)
                .timeouts(
                        builder.idleTimeout.toMillis(), builder.headTimeout.toMillis(), builder.bodyTimeout.toMillis());
        try {
            http.start();
        } catch (RuntimeException e) {
            webSocket.close();
            state.close();
            throw e;
        }
    }

    /**
     * A builder with the defaults: legacy generation, ephemeral port, no auth, demo workflows loaded.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a server with every default (see {@link #builder()}).
     *
     * @return the running server; close it when done
     * @throws java.io.UncheckedIOException when no port can be bound
     */
    public static NodeToolTestServer start() {
        return builder().start();
    }

    /**
     * The HTTP base URL without a trailing slash, e.g. {@code http://127.0.0.1:54321}.
     *
     * @return the base URL, never null
     */
    public String baseUrl() {
        return "http://" + host() + ":" + port();
    }

    /**
     * The WebSocket URL of this generation: {@code ws://host:port/predict} (legacy) or {@code /ws} (current).
     *
     * @return the WebSocket URL, never null
     */
    public String webSocketUrl() {
        return "ws://" + host() + ":" + port() + generation.webSocketPath();
    }

    /**
     * The port the server listens on (the one picked when the builder asked for 0).
     *
     * @return the bound port
     */
    public int port() {
        return http.port();
    }

    /**
     * The server generation this server plays.
     *
     * @return the generation, never null
     */
    public Generation generation() {
        return generation;
    }

    /**
     * The legacy release this server plays where releases differ; only meaningful for
     * {@link Generation#LEGACY}.
     *
     * @return the release, never null (default {@link LegacyVersion#V0_6_3_RC47})
     */
    public LegacyVersion legacyVersion() {
        return legacyVersion;
    }

    /**
     * Fault injection for this server.
     *
     * @return the fault injector of this server (the same instance on every call)
     */
    public Faults faults() {
        return faults;
    }

    /**
     * Every HTTP request received so far (WebSocket upgrades included), oldest first.
     *
     * @return a snapshot copy, oldest first
     */
    public List<RecordedRequest> requests() {
        return state.recorder().requests().stream()
                .map(NodeToolTestServer::recorded)
                .toList();
    }

    /**
     * The oldest request not yet taken, waiting up to 10 seconds, like MockWebServer's
     * {@code takeRequest()}.
     *
     * @return the request, never null
     * @throws AssertionError when no request arrives in time
     */
    public RecordedRequest takeRequest() {
        return takeRequest(Duration.ofSeconds(10));
    }

    /**
     * The oldest request not yet taken, waiting up to {@code timeout}; null when none arrived.
     *
     * @param timeout how long to wait at most
     * @return the request, or null when none arrived in time (or the thread was interrupted)
     */
    public RecordedRequest takeRequest(Duration timeout) {
        try {
            ReceivedRequest request = state.recorder().takeRequest(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return request == null ? null : recorded(request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Every WebSocket message received so far, oldest first.
     *
     * @return a snapshot copy, oldest first
     */
    public List<RecordedCommand> commands() {
        return state.recorder().commands().stream()
                .map(NodeToolTestServer::recorded)
                .toList();
    }

    /**
     * Every job frame the WebSocket endpoint produced for this job, in order and as produced: with its
     * {@code job_seq} (current generation), media already encoded for the socket's mode, including
     * frames buffered while no socket was attached. Command replies and replays are not job frames and
     * are not listed. Lets a client test check that no frame was lost or duplicated.
     *
     * @param jobId the job id
     * @return a snapshot (deep copies); empty for an unknown job id
     */
    public List<JsonNode> framesSent(String jobId) {
        return webSocket.framesSent(Objects.requireNonNull(jobId, "jobId"));
    }

    /**
     * The number of WebSocket connections currently open.
     *
     * @return the count of open WebSocket connections
     */
    public int activeSockets() {
        return webSocket.activeSockets();
    }

    /**
     * Forgets everything recorded: requests, commands, and the frame logs of finished WebSocket
     * jobs ({@link #framesSent(String)}; running jobs keep theirs).
     */
    public void clearRecordings() {
        state.recorder().clear();
        webSocket.clearFinishedFrameLogs();
    }

    /**
     * The number of TCP connections open now (HTTP and WebSocket), e.g. to check that a test left
     * none behind.
     *
     * @return the count
     */
    public int openConnections() {
        return http.openConnections();
    }

    /**
     * Adds or replaces a workflow given as a NodeTool workflow object ({@code id}, {@code name},
     * {@code graph: {nodes, edges}}; see protocol-notes §4.1). Missing metadata is filled in.
     *
     * @param workflowJson the workflow object as JSON text
     * @return the workflow's id
     * @throws IllegalArgumentException when the JSON is not a workflow object with an id
     */
    public String registerWorkflow(String workflowJson) {
        try {
            JsonNode node = state.json().readTree(workflowJson);
            if (!(node instanceof ObjectNode)) {
                throw new IllegalArgumentException("a workflow must be a JSON object");
            }
            return registerWorkflow((ObjectNode) node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("workflow JSON is malformed: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Adds or replaces a workflow given as a map (see {@link #registerWorkflow(String)}).
     *
     * @param workflow the workflow object as a map of JSON-compatible values
     * @return the workflow's id
     * @throws IllegalArgumentException when the map is not a workflow object with an id
     */
    public String registerWorkflow(Map<String, ?> workflow) {
        return registerWorkflow((ObjectNode) state.json().valueToTree(workflow));
    }

    private String registerWorkflow(ObjectNode workflow) {
        String id = workflow.path("id").asText("");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("a workflow needs an \"id\"");
        }
        WorkflowDefaults.fill(workflow);
        state.store().put(workflow);
        return id;
    }

    /**
     * Registers a scripted workflow: running it plays {@code messages} back in order instead of
     * executing a graph. Each message is a NodeTool processing message ({@code type} plus its fields);
     * an optional {@code delay_ms} entry pauses before that message and is not sent. The run still sends
     * its own {@code job_update running} before and its terminal {@code job_update} after the script
     * (outputs collected from the scripted {@code output_update}s; {@code failed} if an {@code error}
     * message is scripted), so scripts should not contain job-level {@code job_update}s.
     *
     * @param id the workflow id
     * @param name the workflow name
     * @param messages the messages to play back, each with a {@code type}
     * @return {@code id}
     */
    public String registerScript(String id, String name, List<Map<String, ?>> messages) {
        Objects.requireNonNull(id, "id");
        List<JsonNode> script = new ArrayList<>();
        messages.forEach(message -> script.add(state.json().valueToTree(message)));
        return registerWorkflow(RegisteredWorkflows.script(id, name, script));
    }

    /**
     * Registers a firehose: a test-only workflow for benchmarks and memory tests whose run sends
     * {@code count} small messages, each carrying a text payload of exactly {@code payloadBytes} bytes
     * (the message index, a space, then {@code x} padding). The messages are generated one at a time
     * and never held in memory, so a stream of hundreds of megabytes costs the server almost nothing
     * (see {@link Workloads} for every heavy workload and the standalone ids).
     *
     * <ul>
     *   <li>WebSocket, both generations: the {@code running} frames of the generation, {@code count}
     *       frames {@code {"type": "log_update", "node_id": "firehose", "node_name": "Firehose",
     *       "content": <payload>, "severity": "info", "job_id", "workflow_id"}} (plus {@code job_seq} on
     *       the current generation), then the generation's terminal frames with output {@code count}
     *       = {@code [count]} (Gen A: {@code result {"count": [count]}}; Gen C: as for any run, with the
     *       synthesized {@code output_update} before {@code result.outputs}, protocol-notes §8.3). The
     *       producing thread waits while the socket's peer does not read (TCP back-pressure).</li>
     *   <li>Gen A NDJSON ({@code POST /api/workflows/{id}/run?stream=true}): {@code job_update running},
     *       {@code count} {@code log_update} lines as above, {@code job_update completed}
     *       with {@code result {"count": [count]}}, {@code job_completed}. Writes are buffered and reach
     *       the socket in 64 KiB chunks.</li>
     *   <li>Gen A SSE ({@code POST /workflows/{id}/run/stream}): the same, but each message is
     *       {@code {"type": "output_update", "node_name": "Firehose", "value": <payload>}} (the worker
     *       forwards no {@code log_update}); {@code complete} has {@code results {"Firehose": count}}.</li>
     *   <li>Blocking runs answer at once with the count: Gen A {@code {"Firehose": count}}, Gen C
     *       {@code outputs {"count": [count]}}.</li>
     * </ul>
     * Stream faults apply to firehose streams as to any other.
     *
     * @param id the workflow id
     * @param count how many messages, at least 0
     * @param payloadBytes the payload size of each message, at least 1
     * @return {@code id}
     * @throws IllegalArgumentException for a negative count or a payload size below 1
     */
    public String registerFirehose(String id, int count, int payloadBytes) {
        Objects.requireNonNull(id, "id");
        return registerWorkflow(RegisteredWorkflows.firehose(id, count, payloadBytes));
    }

    /**
     * Registers a many-step progress workload: a test-only workflow whose run reports one node's
     * progress in {@code steps} steps, generated one at a time, as fast as the transport takes them.
     * Its messages, on every transport that runs workflows (WebSocket, NDJSON, SSE, blocking runs):
     * {@code node_update running} of node {@code progress} ({@code node_name "Progress"},
     * {@code node_type "nodetool.test.Progress"}), {@code steps} {@code node_progress {"node_id":
     * "progress", "progress": i, "total": steps, "chunk": ""}} with {@code i} from 1, then
     * {@code node_update completed} with {@code result {"output": steps}}; the run's output
     * {@code steps} is {@code [steps]}, framed as the generation frames any output.
     *
     * @param id the workflow id
     * @param steps how many progress messages, at least 0
     * @return {@code id}
     * @throws IllegalArgumentException for a negative count
     */
    public String registerProgress(String id, int steps) {
        Objects.requireNonNull(id, "id");
        return registerWorkflow(RegisteredWorkflows.progress(id, steps));
    }

    /**
     * Registers a large binary output of type {@code image}; see {@link #registerLargeBinary(String, long, String)}.
     *
     * @param id the workflow id
     * @param bytes the payload size, at least 0
     * @return {@code id}
     */
    public String registerLargeBinary(String id, long bytes) {
        return registerLargeBinary(id, bytes, "image");
    }

    /**
     * Registers a large binary workload: a test-only workflow whose run outputs one media value of
     * {@code bytes} bytes, for large-media and memory tests. The bytes follow a fixed pattern that any
     * client can check without a copy ({@link Workloads#patternByte(long)}: the byte at offset
     * {@code i} is the XOR of the eight bytes of {@code i}); the server never holds them as a whole
     * where the transport lets it stream them. The run emits one {@code output_update} of node
     * {@code large_binary} ({@code node_name "Large Binary"}, {@code output_name} and
     * {@code output_type} = {@code assetType}) whose value is an asset ref (protocol-notes §10.1)
     * {@code {"type": assetType, "uri", "asset_id": null, "data", "metadata": null}}; its output
     * {@code assetType} is that ref. The bytes are carried as the generation carries media on each
     * transport (protocol-notes §10.2):
     *
     * <ul>
     *   <li>WebSocket, binary mode: Gen A keeps them raw in {@code data} (MessagePack {@code bin}), in
     *       the {@code output_update} and again in the terminal {@code job_update}'s {@code result};
     *       Gen C stores them in temp storage and sends {@code uri "http://<host>/api/storage/temp/<uuid>.<ext>"}
     *       with {@code data null}; a {@code GET} of that URL streams them.</li>
     *   <li>WebSocket, text mode: {@code uri "data:<mime>;base64,…"}, {@code data null}.</li>
     *   <li>Gen A blocking run and NDJSON: {@code uri "data:application/octet-stream;base64,…"},
     *       {@code data null} (protocol-notes §5.2, §5.3); the worker's run and SSE use the asset
     *       type's MIME type.</li>
     *   <li>Gen C blocking run: a temp storage URL, as on the WebSocket in binary mode.</li>
     * </ul>
     *
     * @param id the workflow id
     * @param bytes the payload size, at least 0
     * @param assetType the asset ref's {@code type}: {@code image} ({@code image/png}, {@code .png}),
     *     {@code audio}, {@code video}, {@code text}, or another type (served as
     *     {@code application/octet-stream})
     * @return {@code id}
     * @throws IllegalArgumentException for a negative size or a blank type
     */
    public String registerLargeBinary(String id, long bytes, String assetType) {
        Objects.requireNonNull(id, "id");
        return registerWorkflow(RegisteredWorkflows.largeBinary(id, bytes, assetType));
    }

    /**
     * Registers the three heavy workloads under the ids of {@link Workloads} with their default sizes:
     * {@value Workloads#FIREHOSE} ({@value Workloads#DEFAULT_FIREHOSE_COUNT} messages of
     * {@value Workloads#DEFAULT_FIREHOSE_PAYLOAD_BYTES} bytes), {@value Workloads#PROGRESS}
     * ({@value Workloads#DEFAULT_PROGRESS_STEPS} steps) and {@value Workloads#LARGE_BINARY}
     * ({@value Workloads#DEFAULT_LARGE_BINARY_BYTES} bytes, an image). The standalone server's
     * {@code --heavy-workloads} flag does the same.
     */
    public void registerHeavyWorkloads() {
        registerFirehose(
                Workloads.FIREHOSE, Workloads.DEFAULT_FIREHOSE_COUNT, Workloads.DEFAULT_FIREHOSE_PAYLOAD_BYTES);
        registerProgress(Workloads.PROGRESS, Workloads.DEFAULT_PROGRESS_STEPS);
        registerLargeBinary(Workloads.LARGE_BINARY, Workloads.DEFAULT_LARGE_BINARY_BYTES);
    }

    /** Stops accepting, closes every connection and socket, cancels running jobs and stops every thread. */
    @Override
    public void close() {
        try {
            http.close();
        } finally {
            webSocket.close();
            state.close();
        }
    }

    @Override
    public String toString() {
        return "NodeToolTestServer[" + baseUrl() + ", " + generation + "]";
    }

    private static RecordedRequest recorded(ReceivedRequest r) {
        return new RecordedRequest(r.method(), r.path(), r.query(), r.headers(), r.body(), r.receivedAt());
    }

    private static RecordedCommand recorded(ReceivedCommand c) {
        return new RecordedCommand(c.connectionId(), c.command(), c.message(), c.binary(), c.receivedAt());
    }

    private String host() {
        String address = bindAddress.getHostAddress();
        return address.contains(":") ? "[" + address + "]" : address;
    }

    /** Configures a {@link NodeToolTestServer}. Not thread-safe; {@link #start()} may be called repeatedly. */
    public static final class Builder {
        private Generation generation = Generation.LEGACY;
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int port;
        private String token;
        private Duration pingInterval = Duration.ofSeconds(25);
        private Duration detachGrace = Duration.ofMinutes(10);
        private int replayBufferEvents = 2000;
        private Duration replayRetention = Duration.ofMinutes(5);
        private LegacyVersion legacyVersion = LegacyVersion.V0_6_3_RC47;
        private int maxConcurrentJobs = 4;
        private int maxRunsPerWorkflow = 4;
        private boolean nodeErrorsFailJob = true;
        private boolean demoWorkflows = true;
        private long maxUploadBytes = DEFAULT_MAX_UPLOAD_BYTES;
        private int maxConnections = PortServer.DEFAULT_MAX_CONNECTIONS;
        private long maxRequestBodyBytes = PortServer.DEFAULT_MAX_REQUEST_BODY_BYTES;
        private long maxBufferedBodyBytes = PortServer.DEFAULT_MAX_BUFFERED_BODY_BYTES;
        private Duration idleTimeout = Duration.ofMillis(PortServer.DEFAULT_IDLE_TIMEOUT_MILLIS);
        private Duration headTimeout = Duration.ofMillis(PortServer.DEFAULT_HEAD_TIMEOUT_MILLIS);
        private Duration bodyTimeout = Duration.ofMillis(PortServer.DEFAULT_BODY_TIMEOUT_MILLIS);
        private int maxRecordedRequests = Recorder.DEFAULT_MAX_REQUESTS;
        private long maxRecordedBytes = Recorder.DEFAULT_MAX_REQUEST_BYTES;
        private int maxRecordedCommands = Recorder.DEFAULT_MAX_COMMANDS;
        private int maxRetainedJobs = WebSocketEndpoint.DEFAULT_MAX_RETAINED_JOBS;

        private Builder() {}

        /**
         * Which generation to play; default {@link Generation#LEGACY}.
         *
         * @param generation the generation, not null
         * @return this builder
         */
        public Builder generation(Generation generation) {
            this.generation = Objects.requireNonNull(generation, "generation");
            return this;
        }

        /**
         * The port; 0 (the default) picks a free one.
         *
         * @param port 0..65535
         * @return this builder
         * @throws IllegalArgumentException for a port out of range
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The address to bind; default the loopback address.
         *
         * @param address the local address, not null
         * @return this builder
         */
        public Builder bindAddress(InetAddress address) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * Requires this static Bearer token on HTTP and WebSocket upgrades; null (default) = no auth.
         *
         * @param token the token, or null for none
         * @return this builder
         * @throws IllegalArgumentException for a blank token
         */
        public Builder token(String token) {
            if (token != null && token.isBlank()) {
                throw new IllegalArgumentException("token must not be blank");
            }
            this.token = token;
            return this;
        }

        /**
         * Gen C heartbeat period ({@code {"type":"ping"}}); default 25 s as NodeTool; zero disables.
         *
         * @param interval the period, not negative
         * @return this builder
         */
        public Builder pingInterval(Duration interval) {
            this.pingInterval = requireNonNegative(interval, "pingInterval");
            return this;
        }

        /**
         * How long a Gen C job outlives its dropped socket before it is cancelled; default 10 min
         * ({@code NODETOOL_JOB_DETACH_GRACE_MS} = 600 000) as NodeTool. Shorten it in tests.
         *
         * @param grace the grace period, not negative
         * @return this builder
         */
        public Builder jobDetachGrace(Duration grace) {
            this.detachGrace = requireNonNegative(grace, "jobDetachGrace");
            return this;
        }

        /**
         * Frames a Gen C job keeps for replay; default 2000 ({@code NODETOOL_JOB_REPLAY_BUFFER_EVENTS}) as
         * NodeTool. Overflow makes a later replay report {@code replay_incomplete:true}.
         *
         * @param events at least 1
         * @return this builder
         */
        public Builder replayBufferEvents(int events) {
            if (events < 1) {
                throw new IllegalArgumentException("replayBufferEvents must be positive");
            }
            this.replayBufferEvents = events;
            return this;
        }

        /**
         * How long a finished Gen C job stays replayable; default 5 min
         * ({@code NODETOOL_JOB_REPLAY_RETENTION_MS} = 300 000) as NodeTool. After it a
         * {@code reconnect_job} gets the {@code job_update failed "Job <id> not found"} answer.
         *
         * @param retention the retention, not negative
         * @return this builder
         */
        public Builder replayRetention(Duration retention) {
            this.replayRetention = requireNonNegative(retention, "replayRetention");
            return this;
        }

        /**
         * Which legacy release to play where releases differ (blocking run result, WebSocket auth refusal,
         * {@code /ping}); default {@link LegacyVersion#V0_6_3_RC47}, the newest. Ignored for
         * {@link Generation#CURRENT}.
         *
         * @param version the release, not null
         * @return this builder
         */
        public Builder legacyVersion(LegacyVersion version) {
            this.legacyVersion = Objects.requireNonNull(version, "version");
            return this;
        }

        /**
         * Gen C's {@code MAX_CONCURRENT_JOBS}: runs in flight per user, across all of that user's sockets
         * (detached runs included), before further {@code run_job}s queue on their connection; default 4
         * as NodeTool. The test server has one user (the token's, or the anonymous local user).
         *
         * @param jobs at least 1
         * @return this builder
         * @throws IllegalArgumentException for a value below 1
         */
        public Builder maxConcurrentJobs(int jobs) {
            if (jobs < 1) {
                throw new IllegalArgumentException("maxConcurrentJobs must be positive");
            }
            this.maxConcurrentJobs = jobs;
            return this;
        }

        /**
         * The same as {@link #maxConcurrentJobs(int)}; the name dates from when the cap was thought to
         * be per connection.
         *
         * @param jobs at least 1
         * @return this builder
         * @throws IllegalArgumentException for a value below 1
         */
        public Builder maxJobsPerConnection(int jobs) {
            return maxConcurrentJobs(jobs);
        }

        /**
         * Gen C's {@code MAX_CONCURRENT_RUNS_PER_WORKFLOW}: live runs of one stored workflow when the
         * {@code run_job} says {@code concurrent:true}; default 4 as NodeTool. Without
         * {@code concurrent} the limit is 1, whatever this says, and a run of an inline graph without a
         * {@code workflow_id} is never held by it.
         *
         * @param runs at least 1
         * @return this builder
         * @throws IllegalArgumentException for a value below 1
         */
        public Builder maxRunsPerWorkflow(int runs) {
            if (runs < 1) {
                throw new IllegalArgumentException("maxRunsPerWorkflow must be positive");
            }
            this.maxRunsPerWorkflow = runs;
            return this;
        }

        /**
         * Gen C: whether a node error ends the job {@code failed} with {@code Node "<id>" failed: <message>}
         * (true, the default: NodeTool's newer, supervisor-era runner) or {@code completed} after the
         * node's {@code node_update error} (false: older kernels). Ignored for {@link Generation#LEGACY}.
         *
         * @param fail false to play an older kernel
         * @return this builder
         */
        public Builder nodeErrorsFailJob(boolean fail) {
            this.nodeErrorsFailJob = fail;
            return this;
        }

        /**
         * Whether to preload the demo workflows; default true.
         *
         * @param load false for an empty server
         * @return this builder
         */
        public Builder demoWorkflows(boolean load) {
            this.demoWorkflows = load;
            return this;
        }

        /**
         * The largest upload accepted by {@code POST /api/sdk/v1/assets/temporary}, {@code POST /api/assets}
         * and storage {@code PUT} (a larger one gets {@code 413}); default {@value #DEFAULT_MAX_UPLOAD_BYTES}.
         * Uploads are streamed to temporary files, never held in memory.
         *
         * @param bytes the limit, at least 0
         * @return this builder
         * @throws IllegalArgumentException for a negative limit
         */
        public Builder maxUploadBytes(long bytes) {
            if (bytes < 0 || bytes > Long.MAX_VALUE / 2) {
                throw new IllegalArgumentException("maxUploadBytes out of range: " + bytes);
            }
            this.maxUploadBytes = bytes;
            return this;
        }

        /**
         * Most TCP connections open at once (HTTP and WebSocket); one more is answered 503 and
         * closed. Default 256.
         *
         * @param connections at least 1
         * @return this builder
         */
        public Builder maxConnections(int connections) {
            if (connections < 1) {
                throw new IllegalArgumentException("maxConnections must be positive");
            }
            this.maxConnections = connections;
            return this;
        }

        /**
         * Read timeouts of HTTP requests (an upgraded WebSocket has none of these).
         *
         * @param idle wait for the first byte of a request on an open connection, then close
         *     without an answer (default 60 s)
         * @param head time for the whole request head once it began, then 408 and close (default 10 s)
         * @param body longest pause while a body is read, then 408 and close (default 30 s)
         * @return this builder
         */
        public Builder requestTimeouts(Duration idle, Duration head, Duration body) {
            for (Duration d : new Duration[] {idle, head, body}) {
                if (Objects.requireNonNull(d, "timeout").toMillis() < 1) {
                    throw new IllegalArgumentException("timeouts must be at least 1 ms");
                }
            }
            this.idleTimeout = idle;
            this.headTimeout = head;
            this.bodyTimeout = body;
            return this;
        }

        /**
         * Largest request body (default 16 MiB; larger: 413), and the most body bytes held by all
         * requests at once (default 64 MiB; a request past it: 503), so concurrent large bodies
         * fail single requests, never the server.
         *
         * @param perRequest largest body of one request
         * @param allRequests most body bytes held at once
         * @return this builder
         */
        public Builder maxRequestBodyBytes(long perRequest, long allRequests) {
            if (perRequest < 0 || allRequests < 0) {
                throw new IllegalArgumentException("body limits must not be negative");
            }
            this.maxRequestBodyBytes = perRequest;
            this.maxBufferedBodyBytes = allRequests;
            return this;
        }

        /**
         * Bounds what the server records for {@code requests()}, {@code takeRequest} and
         * {@code commands()}: the newest requests are kept, oldest dropped first. Defaults: 1,000
         * requests, 32 MiB of request bodies, 10,000 WebSocket commands.
         *
         * @param requests most requests kept
         * @param bodyBytes most request body bytes kept in all
         * @param commands most WebSocket commands kept
         * @return this builder
         */
        public Builder recordingLimits(int requests, long bodyBytes, int commands) {
            if (requests < 1 || bodyBytes < 0 || commands < 1) {
                throw new IllegalArgumentException("recording limits must be positive");
            }
            this.maxRecordedRequests = requests;
            this.maxRecordedBytes = bodyBytes;
            this.maxRecordedCommands = commands;
            return this;
        }

        /**
         * How many finished WebSocket jobs keep their frames (for replay and
         * {@link NodeToolTestServer#framesSent(String)}); beyond it the oldest is forgotten even
         * within its replay retention. Default 500.
         *
         * @param jobs at least 1
         * @return this builder
         */
        public Builder maxRetainedJobs(int jobs) {
            if (jobs < 1) {
                throw new IllegalArgumentException("maxRetainedJobs must be positive");
            }
            this.maxRetainedJobs = jobs;
            return this;
        }

        /**
         * Binds and starts the server.
         *
         * @return the running server; close it when done
         * @throws java.io.UncheckedIOException when the port cannot be bound
         */
        public NodeToolTestServer start() {
            return new NodeToolTestServer(this);
        }

        private static Duration requireNonNegative(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative");
            }
            return d;
        }
    }
}
