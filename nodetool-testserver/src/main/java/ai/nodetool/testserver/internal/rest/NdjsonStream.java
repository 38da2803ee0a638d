package ai.nodetool.testserver.internal.rest;

import ai.nodetool.testserver.internal.core.ServerState;
import ai.nodetool.testserver.internal.core.StreamFaults;
import ai.nodetool.testserver.internal.engine.ExecutionOutcome;
import ai.nodetool.testserver.internal.engine.WorkflowException;
import ai.nodetool.testserver.internal.net.RequestExchange;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Gen A's {@code POST /api/workflows/{id}/run?stream=true} (protocol-notes §5.3): NDJSON, one
 * Python-formatted JSON object per line. Lines: the runner's {@code job_update running}; every node
 * message in order; the terminal {@code job_update} ({@code completed} with {@code result} and
 * {@code message}, or {@code failed}/{@code cancelled} with {@code error}); then the synthetic
 * {@code {"type":"job_completed","job_id"}} or, after a failure, {@code {"type":"job_failed","job_id","error"}}.
 * The status is 200 once streaming began. If the client goes away, the run is cancelled.
 */
final class NdjsonStream {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** A truncated line, as a server dying mid-write leaves it. */
    private static final byte[] MALFORMED =
            "{\"type\": \"job_update\", \"status\": \n".getBytes(StandardCharsets.UTF_8);

    private final ServerState state;
    private final Media media = Media.octetStreamDataUri();

    NdjsonStream(ServerState state) {
        this.state = state;
    }

    void run(RequestExchange exchange, ObjectNode workflow, JsonNode params) throws IOException {
        String workflowId = workflow.path("id").asText();
        String jobId = WorkflowShapes.newId();
        Firehose firehose = Firehose.of(workflow);
        HttpJob job = null;
        if (firehose == null) {
            try {
                job = HttpJob.start(state.engine(), jobId, workflow, params, true);
            } catch (WorkflowException e) {
                // Not streaming yet: the brief's Gen A answer to an unrunnable workflow.
                throw HttpError.detail(500, e.getMessage());
            }
        }
        long started = System.nanoTime();
        StreamFaults faults = state.faults().takeStreamFaults();
        OutputStream out = exchange.stream(200, Map.of("Content-Type", "application/x-ndjson"));
        StreamWriter writer = new StreamWriter(
                exchange, out, faults, MALFORMED, bytes -> oversize(bytes, jobId, workflowId), firehose != null);
        try {
            writer.send(line(LegacyFrames.jobUpdate("running", jobId, workflowId)));
            if (firehose != null) {
                streamFirehose(writer, firehose, jobId, workflowId, started);
            } else {
                streamRun(writer, job, workflowId, started);
            }
            writer.finish();
        } catch (IOException | RuntimeException e) {
            if (job != null) {
                job.cancel();
            }
            throw e;
        }
    }

    private void streamRun(StreamWriter writer, HttpJob job, String workflowId, long started) throws IOException {
        String jobId = job.jobId();
        for (ObjectNode message = job.next(); message != null; message = job.next()) {
            writer.send(line(LegacyFrames.adapt(message, jobId, workflowId, media)));
        }
        ExecutionOutcome outcome = job.outcome();
        if (outcome.status().equals("completed")) {
            writer.send(line(LegacyFrames.completed(jobId, workflowId, started, outcome.outputs(), media)));
            writer.send(line(jobCompleted(jobId)));
        } else {
            writer.send(line(LegacyFrames.notCompleted(outcome.status(), jobId, workflowId, outcome)));
            if (outcome.status().equals("failed")) {
                ObjectNode failed = JSON.objectNode();
                failed.put("type", "job_failed");
                failed.put("job_id", jobId);
                failed.put("error", outcome.error());
                writer.send(line(failed));
            } else {
                writer.send(line(jobCompleted(jobId)));
            }
        }
    }

    private void streamFirehose(StreamWriter writer, Firehose firehose, String jobId, String workflowId, long started)
            throws IOException {
        Firehose.Template template = firehose.template(
                "{\"type\": \"log_update\", \"node_id\": \"firehose\", \"node_name\": \"" + Firehose.TITLE
                        + "\", \"content\": \"",
                "\", \"severity\": \"info\", \"job_id\": " + Firehose.quoted(jobId) + ", \"workflow_id\": "
                        + Firehose.quoted(workflowId) + "}\n");
        for (long i = 0; i < firehose.count(); i++) {
            writer.send(template.message(i));
        }
        Map<String, List<JsonNode>> outputs = Map.of(Firehose.OUTPUT_NAME, List.of(JSON.numberNode(firehose.count())));
        writer.send(line(LegacyFrames.completed(jobId, workflowId, started, outputs, media)));
        writer.send(line(jobCompleted(jobId)));
    }

    private static ObjectNode jobCompleted(String jobId) {
        ObjectNode done = JSON.objectNode();
        done.put("type", "job_completed");
        done.put("job_id", jobId);
        return done;
    }

    private static byte[] line(ObjectNode message) {
        return (PythonJson.dumps(message) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** One valid {@code log_update} line whose JSON is exactly {@code bytes} bytes (longer if that is too small). */
    static byte[] oversize(int bytes, String jobId, String workflowId) {
        ObjectNode m = JSON.objectNode();
        m.put("type", "log_update");
        m.put("node_id", "oversize");
        m.put("node_name", "Oversize");
        m.put("content", "");
        m.put("severity", "info");
        m.put("job_id", jobId);
        m.put("workflow_id", workflowId);
        int skeleton = PythonJson.dumps(m).getBytes(StandardCharsets.UTF_8).length;
        m.put("content", "x".repeat(Math.max(0, bytes - skeleton)));
        return line(m);
    }
}
