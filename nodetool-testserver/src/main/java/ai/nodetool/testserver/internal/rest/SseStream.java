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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gen A's Worker API {@code POST /workflows/{id}/run/stream} (protocol-notes §5.4): server-sent
 * events, each one {@code data: <json>} line and a blank line, no {@code event:} or {@code id:}.
 * Payloads: {@code {"type":"job_update","data":{JobUpdate}}}; {@code {"type":"output_update",
 * "node_name","value"}} (only those two fields); other node messages are not forwarded. A normal end
 * sends {@code {"type":"complete","results":{title: value}}} then {@code data: [DONE]}. A run that
 * fails ends with a {@code job_update} of status {@code error}, then {@code {"type":"error","error"}},
 * without {@code [DONE]}; so does an exception before the run starts (an unrunnable workflow).
 */
final class SseStream {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final byte[] MALFORMED = "data: {not json\n\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

    private final ServerState state;
    /** v0.6.2 workers used {@code AssetOutputMode.DATA_URI} (protocol-notes §5.4, Assets). */
    private final Media media = Media.typedDataUri();

    SseStream(ServerState state) {
        this.state = state;
    }

    static Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/event-stream");
        headers.put("Cache-Control", "no-cache");
        // Section 3 also lists "Connection: keep-alive"; the transport owns that header, and
        // keep-alive is HTTP/1.1's default anyway.
        headers.put("Access-Control-Allow-Origin", "*");
        return headers;
    }

    void run(RequestExchange exchange, ObjectNode workflow, JsonNode params) throws IOException {
        String workflowId = workflow.path("id").asText();
        String jobId = WorkflowShapes.newId();
        Firehose firehose = Firehose.of(workflow);
        HttpJob job = null;
        String startError = null;
        if (firehose == null) {
            try {
                job = HttpJob.start(state.engine(), jobId, workflow, params, true);
            } catch (WorkflowException e) {
                startError = e.getMessage();
            }
        }
        long started = System.nanoTime();
        StreamFaults faults = state.faults().takeStreamFaults();
        OutputStream out = exchange.stream(200, headers());
        StreamWriter writer = new StreamWriter(exchange, out, faults, MALFORMED, SseStream::oversize, firehose != null);
        try {
            if (startError != null) {
                writer.send(event(error(startError)));
            } else if (firehose != null) {
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
        writer.send(event(jobUpdate(LegacyFrames.jobUpdate("running", jobId, workflowId))));
        for (ObjectNode message = job.next(); message != null; message = job.next()) {
            if ("output_update".equals(message.path("type").asText())) {
                ObjectNode update = JSON.objectNode();
                update.put("type", "output_update");
                // protocol-notes §5.2: Gen A's output node names its updates by the output's name.
                update.set(
                        "node_name",
                        message.path("output_name").isTextual()
                                ? message.get("output_name").deepCopy()
                                : message.path("node_name").deepCopy());
                update.set("value", media.encode(message.has("value") ? message.get("value") : JSON.nullNode()));
                writer.send(event(update));
            }
        }
        ExecutionOutcome outcome = job.outcome();
        if (outcome.status().equals("failed")) {
            // The Python runner reported a failed run as status "error"; the worker then sent one error
            // event and ended the stream without [DONE].
            writer.send(event(jobUpdate(LegacyFrames.notCompleted("error", jobId, workflowId, outcome))));
            writer.send(event(error(outcome.error())));
            return;
        }
        ObjectNode terminal = outcome.status().equals("completed")
                ? LegacyFrames.completed(jobId, workflowId, started, outcome.outputs(), media)
                : LegacyFrames.notCompleted(outcome.status(), jobId, workflowId, outcome);
        writer.send(event(jobUpdate(terminal)));
        ObjectNode complete = JSON.objectNode();
        complete.put("type", "complete");
        complete.set("results", LegacyFrames.flatByName(outcome.lastByName(), media));
        writer.send(event(complete));
        writer.send(DONE);
    }

    private void streamFirehose(StreamWriter writer, Firehose firehose, String jobId, String workflowId, long started)
            throws IOException {
        writer.send(event(jobUpdate(LegacyFrames.jobUpdate("running", jobId, workflowId))));
        // log_update is not forwarded on this route, so the firehose speaks output_update here.
        Firehose.Template template = firehose.template(
                "data: {\"type\": \"output_update\", \"node_name\": \"" + Firehose.TITLE + "\", \"value\": \"",
                "\"}\n\n");
        for (long i = 0; i < firehose.count(); i++) {
            writer.send(template.message(i));
        }
        Map<String, List<JsonNode>> outputs = Map.of(Firehose.OUTPUT_NAME, List.of(JSON.numberNode(firehose.count())));
        writer.send(event(jobUpdate(LegacyFrames.completed(jobId, workflowId, started, outputs, media))));
        ObjectNode complete = JSON.objectNode();
        complete.put("type", "complete");
        complete.putObject("results").put(Firehose.TITLE, firehose.count());
        writer.send(event(complete));
        writer.send(DONE);
    }

    /** Section 3: the JobUpdate is nested under {@code data}. */
    private static ObjectNode jobUpdate(ObjectNode update) {
        ObjectNode wrapped = JSON.objectNode();
        wrapped.put("type", "job_update");
        wrapped.set("data", update);
        return wrapped;
    }

    private static ObjectNode error(String message) {
        ObjectNode m = JSON.objectNode();
        m.put("type", "error");
        m.put("error", message);
        return m;
    }

    private static byte[] event(ObjectNode payload) {
        return ("data: " + PythonJson.dumps(payload) + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** One valid {@code output_update} event whose JSON is exactly {@code bytes} bytes (longer if too small). */
    static byte[] oversize(int bytes) {
        ObjectNode m = JSON.objectNode();
        m.put("type", "output_update");
        m.put("node_name", "Oversize");
        m.put("value", "");
        int skeleton = PythonJson.dumps(m).getBytes(StandardCharsets.UTF_8).length;
        m.put("value", "x".repeat(Math.max(0, bytes - skeleton)));
        return event(m);
    }
}
