package ai.nodetool.testserver.internal.ws;

import ai.nodetool.testserver.internal.core.Dialect;
import ai.nodetool.testserver.internal.engine.ExecutionOutcome;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Translates the engine's events of one WebSocket job into the dialect's wire frames (protocol-notes
 * §8.3): the {@code running} frames, each relayed node message, the terminal frames. It knows
 * the job's graph (node types, input names) and options, and keeps the last status of every node and
 * edge for a reconnect that replays statuses.
 *
 * <p>Every frame goes to the sink, the {@link WebSocketJob}, which stamps, numbers, buffers and
 * delivers it. Not thread-safe: the job calls it under its monitor, except for {@link #hasInput} and
 * {@link #hasNode}, which read what the constructor fixed.
 */
final class FrameTranslator implements Dialect.JobFrames {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Dialect dialect;
    private final String jobId;
    private final String workflowId;
    private final boolean requireTerminalResult;
    private final String eventDetail;
    private final Map<String, String> nodeTypes = new HashMap<>();
    private final Set<String> inputNames = new HashSet<>();
    private final Consumer<ObjectNode> sink;
    private final Map<String, ObjectNode> nodeStatuses = new LinkedHashMap<>();
    private final Map<String, ObjectNode> edgeStatuses = new LinkedHashMap<>();
    private final boolean nodeErrorsFailJob;
    private boolean outputRelayed;

    /**
     * @param workflow the workflow the job executes (its {@code graph} gives node types and input names)
     * @param runJobData the {@code run_job} data, for the job's options
     * @param sink where frames go, in order
     */
    FrameTranslator(
            Dialect dialect,
            String jobId,
            String workflowId,
            JsonNode workflow,
            JsonNode runJobData,
            boolean nodeErrorsFailJob,
            Consumer<ObjectNode> sink) {
        this.nodeErrorsFailJob = nodeErrorsFailJob;
        this.dialect = dialect;
        this.jobId = jobId;
        this.workflowId = workflowId;
        this.requireTerminalResult = dialect.requireTerminalResult(runJobData);
        this.eventDetail = dialect.eventDetail(runJobData);
        this.sink = sink;
        for (JsonNode node : workflow.path("graph").path("nodes")) {
            String nodeId = node.path("id").asText();
            String type = node.path("type").asText();
            nodeTypes.put(nodeId, type);
            if (type.startsWith("nodetool.input.")) {
                JsonNode data = node.has("data") ? node.get("data") : node.path("properties");
                String name = data.path("name").asText("");
                inputNames.add(name.isEmpty() ? nodeId : name);
            }
        }
    }

    boolean hasInput(String name) {
        return inputNames.contains(name);
    }

    boolean hasNode(String nodeId) {
        return nodeTypes.containsKey(nodeId);
    }

    /** The frames of a job that just started. */
    void running() {
        dialect.emitRunning(this);
    }

    /** One canonical engine message, adapted by the dialect; dropped when the dialect does not relay it. */
    void relay(ObjectNode message) {
        ObjectNode frame = dialect.relay(message, this);
        if (frame == null) {
            return;
        }
        String type = frame.path("type").asText();
        if (type.equals("node_progress") && !frame.has("chunk")) {
            frame.put("chunk", "");
        }
        emit(frame);
        if (type.equals("node_update")) {
            nodeStatuses.put(frame.path("node_id").asText(), frame.deepCopy());
        } else if (type.equals("edge_update")) {
            edgeStatuses.put(frame.path("edge_id").asText(), frame.deepCopy());
        }
    }

    /** The terminal frames of a job whose execution ended after {@code seconds}. */
    void terminal(ExecutionOutcome outcome, double seconds) {
        dialect.emitTerminal(outcome, seconds, this);
    }

    /** The last frame of every node, then of every edge, as sent (for a reconnect that replays statuses). */
    List<ObjectNode> latestStatuses() {
        List<ObjectNode> statuses = new ArrayList<>(nodeStatuses.values());
        statuses.addAll(edgeStatuses.values());
        return statuses;
    }

    // ---- Dialect.JobFrames

    @Override
    public String jobId() {
        return jobId;
    }

    @Override
    public String workflowId() {
        return workflowId;
    }

    @Override
    public boolean requireTerminalResult() {
        return requireTerminalResult;
    }

    @Override
    public String eventDetail() {
        return eventDetail;
    }

    @Override
    public String nodeType(String nodeId) {
        return nodeTypes.getOrDefault(nodeId, "");
    }

    @Override
    public ObjectNode jobUpdate(String status) {
        ObjectNode update = JSON.objectNode();
        update.put("type", "job_update");
        update.put("status", status);
        update.put("job_id", jobId);
        update.put("workflow_id", workflowId);
        return update;
    }

    @Override
    public void emit(ObjectNode frame) {
        sink.accept(frame);
    }

    @Override
    public boolean nodeErrorsFailJob() {
        return nodeErrorsFailJob;
    }

    @Override
    public boolean outputRelayed() {
        return outputRelayed;
    }

    @Override
    public void markOutputRelayed() {
        outputRelayed = true;
    }
}
