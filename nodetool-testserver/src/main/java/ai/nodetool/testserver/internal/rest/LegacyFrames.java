package ai.nodetool.testserver.internal.rest;

import ai.nodetool.testserver.internal.core.LegacyOutputs;
import ai.nodetool.testserver.internal.engine.ExecutionOutcome;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Gen A's job-level messages and its adaptation of the engine's node messages (protocol-notes §5.3, §8.1). */
final class LegacyFrames {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private LegacyFrames() {}

    /** {@code {"type":"job_update","status":…,"job_id":…,"workflow_id":…}}. */
    static ObjectNode jobUpdate(String status, String jobId, String workflowId) {
        ObjectNode m = JSON.objectNode();
        m.put("type", "job_update");
        m.put("status", status);
        m.put("job_id", jobId);
        m.put("workflow_id", workflowId);
        return m;
    }

    /**
     * The runner's terminal {@code job_update completed}: {@code result} is the output map directly,
     * {@code {name: [values]}}, with no {@code outputs} wrapper (protocol-notes §8.4, Gen A).
     */
    static ObjectNode completed(
            String jobId, String workflowId, long startedNanos, Map<String, List<JsonNode>> outputs, Media media) {
        ObjectNode m = jobUpdate("completed", jobId, workflowId);
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        m.put("message", String.format(Locale.ROOT, "Workflow %s completed in %.2f seconds", workflowId, seconds));
        m.set("result", outputsByName(outputs, media));
        return m;
    }

    /** The terminal job_update of an outcome that is not {@code completed}. */
    static ObjectNode notCompleted(String status, String jobId, String workflowId, ExecutionOutcome outcome) {
        ObjectNode m = jobUpdate(status, jobId, workflowId);
        if (outcome.error() != null) {
            m.put("error", outcome.error());
        }
        return m;
    }

    static ObjectNode outputsByName(Map<String, List<JsonNode>> outputs, Media media) {
        ObjectNode result = JSON.objectNode();
        outputs.forEach((name, values) -> {
            ArrayNode list = result.putArray(name);
            values.forEach(v -> list.add(media.encode(v)));
        });
        return result;
    }

    /** Gen A's flat result: {@code {name: last value}}, keyed by the output node's {@code name} (protocol-notes §5.2). */
    static ObjectNode flatByName(Map<String, JsonNode> byName, Media media) {
        ObjectNode result = JSON.objectNode();
        byName.forEach((name, value) -> result.set(name, media.encode(value)));
        return result;
    }

    /**
     * An engine message as a Gen A NDJSON line carries it: Gen A's {@code error} messages use
     * {@code error} instead of {@code message}; media become data URIs; {@code job_id} and
     * {@code workflow_id} are stamped when absent.
     */
    static ObjectNode adapt(ObjectNode message, String jobId, String workflowId, Media media) {
        ObjectNode m = (ObjectNode) media.encode(message);
        LegacyOutputs.nameOutputNode(m);
        if ("error".equals(m.path("type").asText()) && m.has("message") && !m.has("error")) {
            ObjectNode renamed = JSON.objectNode();
            m.properties().forEach(f -> renamed.set(f.getKey().equals("message") ? "error" : f.getKey(), f.getValue()));
            m = renamed;
        }
        if (!m.has("job_id")) {
            m.put("job_id", jobId);
        }
        if (!m.has("workflow_id")) {
            m.put("workflow_id", workflowId);
        }
        return m;
    }
}
