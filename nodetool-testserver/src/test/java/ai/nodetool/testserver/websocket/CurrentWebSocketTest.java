package ai.nodetool.testserver.websocket;

import static ai.nodetool.testserver.websocket.WsClient.command;
import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.RecordedCommand;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Gen C {@code /ws} as a client sees it (protocol-notes §6.2, §7.1–§7.4, §8.1). */
class CurrentWebSocketTest {
    private NodeToolTestServer server;

    @BeforeEach
    void start() {
        server = NodeToolTestServer.builder()
                .generation(Generation.CURRENT)
                .maxJobsPerConnection(1)
                .start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void connectSendsExecutionTargetAlwaysBinaryThenRendererRegistered() throws Exception {
        try (WsClient client = WsClient.connect(server.webSocketUrl())) {
            WsClient.Frame target = client.nextFrame();
            assertThat(target.binary()).isTrue();
            assertThat(target.message().path("type").asText()).isEqualTo("sdk_execution_target");
            assertThat(target.message().path("runner_id").asText()).isNotEmpty();
            WsClient.Frame renderer = client.nextFrame();
            assertThat(renderer.binary()).isTrue();
            assertThat(renderer.message().path("type").asText()).isEqualTo("renderer_registered");
            assertThat(renderer.message().path("renderer_id").isTextual()).isTrue();
        }
    }

    @Test
    void runJobStreamsGenCFramesWithJobSeqAndTwoCompletedFrames() throws Exception {
        try (WsClient client = WsClient.connectCurrent(server.webSocketUrl())) {
            client.send(command(
                    "run_job",
                    "type",
                    "run_job_request",
                    "job_id",
                    "job-1",
                    "workflow_id",
                    DemoWorkflowIds.GREETING,
                    "params",
                    Map.of("name", "Ada")));
            JsonNode reply = client.next();
            assertThat(reply.toString()).isEqualTo("{\"message\":\"Job started\",\"workflow_id\":\"greeting\"}");

            List<JsonNode> frames = client.until(WsClient.terminalWithResult());
            List<String> statuses = frames.stream()
                    .filter(WsClient.jobUpdate("running").or(WsClient.jobUpdate("completed")))
                    .map(f -> f.path("status").asText())
                    .toList();
            assertThat(statuses).containsExactly("running", "running", "completed", "completed");
            assertThat(frames.get(0).has("message")).isFalse(); // the relay's eager frame
            assertThat(frames.get(1).path("message").asText()).isEqualTo("Workflow started");
            JsonNode firstCompleted = frames.stream()
                    .filter(WsClient.jobUpdate("completed"))
                    .findFirst()
                    .orElseThrow();
            assertThat(firstCompleted.has("result")).isFalse();
            JsonNode last = frames.get(frames.size() - 1);
            // protocol-notes §8.5: keyed by the node class title without require_terminal_result
            assertThat(last.path("result").path("outputs").path("Output").toString())
                    .isEqualTo("[\"Hello, Ada!\"]");
            assertThat(last.path("duration").isNumber()).isTrue();

            for (int i = 0; i < frames.size(); i++) {
                JsonNode frame = frames.get(i);
                assertThat(frame.path("job_seq").asLong()).isEqualTo(i + 1);
                assertThat(frame.path("job_id").asText()).isEqualTo("job-1");
            }
            // Relay filtering: nothing from the input node (protocol-notes §8.1).
            assertThat(frames).noneMatch(f -> f.path("node_id").asText().equals("name_input"));
            assertThat(frames)
                    .anyMatch(f -> f.path("type").asText().equals("node_update")
                            && f.path("node_id").asText().equals("format")
                            && f.path("status").asText().equals("completed"));
            // The kernel's quirk: edge updates carry the job id as workflow_id.
            assertThat(frames)
                    .filteredOn(f -> f.path("type").asText().equals("edge_update"))
                    .isNotEmpty()
                    .allMatch(f -> f.path("workflow_id").asText().equals("job-1"));
            JsonNode output = frames.stream()
                    .filter(f -> f.path("type").asText().equals("output_update"))
                    .findFirst()
                    .orElseThrow();
            assertThat(output.path("output_name").asText()).isEqualTo("greeting");
            assertThat(output.path("workflow_id").asText()).isEqualTo("greeting");

            assertThat(WsClient.texts(server.framesSent("job-1"))).isEqualTo(WsClient.texts(frames));
        }
    }

    @Test
    void requireTerminalResultGivesOneRunningAndOneCompletedWithOutputs() throws Exception {
        try (WsClient client = WsClient.connectCurrent(server.webSocketUrl())) {
            client.send(command(
                    "run_job",
                    "job_id",
                    "rtr",
                    "workflow_id",
                    DemoWorkflowIds.SUM,
                    "params",
                    Map.of("a", 20, "b", 22),
                    "require_terminal_result",
                    true));
            List<JsonNode> frames = client.until(WsClient.jobUpdate("completed"));
            assertThat(frames.get(0).toString()).contains("Job started");
            assertThat(frames).filteredOn(WsClient.jobUpdate("running")).hasSize(1);
            JsonNode completed = frames.get(frames.size() - 1);
            assertThat(completed.path("result").path("outputs").path("sum").toString())
                    .isEqualTo("[42]");
            // Exactly one terminal frame: the next frame is the reply to a later command.
            client.send(command("get_status", "job_id", "rtr"));
            assertThat(client.next().path("status").asText()).isEqualTo("completed");
        }
    }

    @Test
    void failedRunSendsTheNodeErrorThenFailedWithoutAnErrorFrame() throws Exception {
        try (WsClient client = WsClient.connectCurrent(server.webSocketUrl())) {
            client.send(command("run_job", "job_id", "f1", "workflow_id", DemoWorkflowIds.FAIL));
            List<JsonNode> frames = client.until(WsClient.jobUpdate("failed"));
            // protocol-notes §8.6: no {"type":"error"} frame for a node failure (NodeFailureServerTest has more)
            assertThat(frames).noneMatch(f -> f.path("type").asText().equals("error"));
            assertThat(frames.get(frames.size() - 1).path("error").asText())
                    .isEqualTo("Node \"fail\" failed: Something went wrong");
        }
    }

    @Test
    void textModeSwitchesEncodingAndMediaBecomeDataUris() throws Exception {
        try (WsClient client = WsClient.connectCurrent(server.webSocketUrl())) {
            client.send(command("set_mode", "mode", "text"));
            WsClient.Frame ack = client.nextFrame();
            assertThat(ack.binary()).isFalse();
            assertThat(ack.message().toString()).isEqualTo("{\"message\":\"Mode set to text\"}");

            client.sendText(command(
                    "run_job",
                    "job_id",
                    "img-t",
                    "workflow_id",
                    DemoWorkflowIds.IMAGE,
                    "params",
                    Map.of("width", 8, "height", 8)));
            List<WsClient.Frame> frames = new java.util.ArrayList<>();
            WsClient.Frame frame;
            do {
                frame = client.nextFrame();
                frames.add(frame);
            } while (!WsClient.terminalWithResult().test(frame.message()));
            assertThat(frames).allMatch(f -> !f.binary());
            JsonNode image = frame.message()
                    .path("result")
                    .path("outputs")
                    .path("Image Output")
                    .get(0);
            assertThat(image.path("uri").asText()).startsWith("data:image/png;base64,");
            assertThat(image.path("data").isNull()).isTrue();

            client.send(command("set_mode", "mode", "sideways"));
            assertThat(client.next().toString()).isEqualTo("{\"error\":\"mode must be binary or text\"}");
        }
    }

    @Test
    void binaryModeMediaAreTempUrlsOnTheUpgradeHost() throws Exception {
        try (WsClient client = WsClient.connectCurrent(server.webSocketUrl())) {
            client.send(command(
                    "run_job",
                    "job_id",
                    "img-b",
                    "workflow_id",
                    DemoWorkflowIds.IMAGE,
                    "params",
                    Map.of("width", 8, "height", 8)));
            List<JsonNode> frames = client.until(WsClient.terminalWithResult());
            JsonNode output = frames.stream()
                    .filter(f -> f.path("type").asText().equals("output_update"))
                    .findFirst()
                    .orElseThrow();
            assertThat(output.path("value").path("type").asText()).isEqualTo("image");
            assertThat(output.path("value").path("uri").asText())
                    .matches("http://127\\.0\\.0\\.1:" + server.port() + "/api/storage/temp/[0-9a-f-]+\\.png");
            assertThat(output.path("value").path("data").isNull()).isTrue();
        }
    }

    @Test
    void rejectionsKeepTheConnectionOpen() throws Exception {
        try (WsClient client = WsClient.connectCurrent(server.webSocketUrl())) {
            client.sendRaw(new byte[] {(byte) 0xc1});
            JsonNode frame = client.next();
            assertThat(frame.path("error").asText()).isEqualTo("invalid_frame");
            assertThat(frame.path("message").isTextual()).isTrue();

            client.sendText("{not json");
            assertThat(client.next().path("error").asText()).isEqualTo("invalid_frame");

            client.send(WsClient.JSON.readTree("{\"data\":{}}"));
            assertThat(client.next().toString())
                    .isEqualTo("{\"error\":\"invalid_message\",\"message\":"
                            + "\"All messages must include a 'command' field. Use 'chat_message' command for chat.\"}");

            client.send(WsClient.JSON.readTree("{\"command\":\"get_status\",\"data\":5}"));
            JsonNode badData = client.next();
            assertThat(badData.path("error").asText()).isEqualTo("invalid_command");
            assertThat(badData.path("details").asText()).contains("data");

            client.send(command("resume_job", "job_id", "x"));
            assertThat(client.next().toString()).isEqualTo("{\"error\":\"Unknown command\"}");

            client.send(command("run_job", "job_id", "bad", "params", 7, "workflow_id", "greeting"));
            JsonNode malformed = client.next();
            assertThat(malformed.path("error").asText()).isEqualTo("invalid_command");
            assertThat(malformed.path("details").asText()).startsWith("Malformed 'run_job' data: data.params:");
            assertThat(malformed.path("job_id").asText()).isEqualTo("bad");

            client.send(command("run_job", "job_id", "nothing"));
            assertThat(client.next().toString())
                    .isEqualTo("{\"error\":\"invalid_command\",\"details\":\"workflow_id or graph is required\"}");

            client.send(command("get_status"));
            assertThat(client.next().toString()).isEqualTo("{\"active_jobs\":[]}");
        }
    }

    @Test
    void missingWorkflowGivesOnlyInvalidCommandAndNoJobUpdate() throws Exception {
        try (WsClient client = WsClient.connectCurrent(server.webSocketUrl())) {
            client.send(command("run_job", "job_id", "j", "workflow_id", "nope"));
            client.send(command("get_status", "job_id", "j"));
            assertThat(client.next().toString())
                    .isEqualTo("{\"error\":\"invalid_command\",\"details\":\"Workflow not found: nope\"}");
            // Frames arrive in order: the very next one answers get_status, so no job_update came between.
            assertThat(client.next().toString()).isEqualTo("{\"status\":\"not_found\",\"job_id\":\"j\"}");
            assertThat(server.framesSent("j")).isEmpty();
        }
    }

    @Test
    void inlineGraphTakesPrecedenceOverWorkflowId() throws Exception {
        JsonNode graph = WsClient.JSON.readTree("""
                {"nodes":[{"id":"t","type":"nodetool.input.StringInput","data":{"name":"t","value":"inline"}},
                          {"id":"o","type":"nodetool.output.Output","data":{"name":"out"}}],
                 "edges":[{"id":"e","source":"t","sourceHandle":"output","target":"o","targetHandle":"value"}]}""");
        try (WsClient client = WsClient.connectCurrent(server.webSocketUrl())) {
            client.send(command("run_job", "job_id", "inl", "workflow_id", DemoWorkflowIds.GREETING, "graph", graph));
            List<JsonNode> frames = client.until(WsClient.terminalWithResult());
            assertThat(frames.get(frames.size() - 1)
                            .path("result")
                            .path("outputs")
                            .toString())
                    .isEqualTo("{\"Output\":[\"inline\"]}");
        }
    }

    @Test
    void invalidInlineGraphIsAnInvalidCommand() throws Exception {
        try (WsClient client = WsClient.connectCurrent(server.webSocketUrl())) {
            client.send(command("run_job", "job_id", "g", "graph", Map.of("nodes", List.of())));
            JsonNode reply = client.next();
            assertThat(reply.path("details").asText())
                    .isEqualTo("Malformed 'run_job' data: data.graph.edges: Expected array, received undefined");
            client.send(command(
                    "run_job",
                    "job_id",
                    "g2",
                    "graph",
                    Map.of("nodes", List.of(Map.of("id", "n", "type", "no.such.Node")), "edges", List.of())));
            JsonNode unknown = client.next();
            assertThat(unknown.path("error").asText()).isEqualTo("invalid_command");
            assertThat(unknown.path("details").asText()).isNotEmpty();
        }
    }

    @Test
    void queueingCancellingAndStatus() throws Exception {
        try (WsClient client = WsClient.connectCurrent(server.webSocketUrl())) {
            client.send(command(
                    "run_job",
                    "job_id",
                    "slow-1",
                    "workflow_id",
                    DemoWorkflowIds.SLOW,
                    "params",
                    Map.of("steps", 200, "delay_ms", 50)));
            client.await(WsClient.jobUpdate("running"));
            client.send(command("run_job", "job_id", "slow-2", "workflow_id", DemoWorkflowIds.SLOW));
            client.send(command("run_job", "job_id", "slow-3", "workflow_id", DemoWorkflowIds.SUM));
            JsonNode queued = client.await(f -> WsClient.jobUpdate("queued").test(f)
                    && f.path("job_id").asText().equals("slow-3"));
            assertThat(queued.path("queue_position").asInt()).isEqualTo(2);
            assertThat(queued.path("message").asText()).isEqualTo("Queued (#2)");

            client.send(command("get_status"));
            JsonNode status = client.await(WsClient.untyped());
            assertThat(status.path("active_jobs").findValuesAsText("status"))
                    .containsExactly("running", "queued", "queued");

            client.send(command("cancel_job", "job_id", "slow-2"));
            JsonNode cancelledQueued = client.await(WsClient.untyped());
            assertThat(cancelledQueued.toString())
                    .isEqualTo("{\"message\":\"Queued job cancelled\",\"job_id\":\"slow-2\",\"workflow_id\":\"slow\"}");
            // The next frame of slow-2; slow-1's frames (its nodes and edges starting) may come in between.
            JsonNode cancelledUpdate =
                    client.await(f -> f.path("job_id").asText().equals("slow-2"));
            assertThat(cancelledUpdate.path("type").asText()).isEqualTo("job_update");
            assertThat(cancelledUpdate.path("status").asText()).isEqualTo("cancelled");
            assertThat(cancelledUpdate.path("job_id").asText()).isEqualTo("slow-2");

            client.send(command("cancel_job", "job_id", "slow-1"));
            assertThat(client.await(WsClient.untyped()).toString())
                    .isEqualTo(
                            "{\"message\":\"Job cancellation requested\",\"job_id\":\"slow-1\",\"workflow_id\":\"slow\"}");
            JsonNode terminal = client.await(f ->
                    WsClient.terminal().test(f) && f.path("job_id").asText().equals("slow-1"));
            assertThat(terminal.path("status").asText()).isEqualTo("cancelled");

            // The freed slot starts the queued sum job.
            JsonNode sum = client.await(f -> WsClient.terminalWithResult().test(f)
                    && f.path("job_id").asText().equals("slow-3"));
            assertThat(sum.path("result").path("outputs").path("Output").toString())
                    .isEqualTo("[5]");

            client.send(command("cancel_job", "job_id", "slow-1"));
            assertThat(client.await(WsClient.untyped()).toString())
                    .isEqualTo(
                            "{\"error\":\"Job not found or already completed\",\"job_id\":\"slow-1\",\"workflow_id\":\"\"}");
            client.send(command("cancel_job"));
            assertThat(client.await(WsClient.untyped()).toString()).isEqualTo("{\"error\":\"job_id is required\"}");
            client.send(command("get_status", "job_id", "slow-3"));
            assertThat(client.await(WsClient.untyped()).toString())
                    .isEqualTo("{\"status\":\"completed\",\"job_id\":\"slow-3\",\"workflow_id\":\"sum\"}");
        }
    }

    @Test
    void getStatusCoversOnlyThisConnectionButCancelReachesOthers() throws Exception {
        try (WsClient a = WsClient.connectCurrent(server.webSocketUrl());
                WsClient b = WsClient.connectCurrent(server.webSocketUrl())) {
            a.send(command(
                    "run_job",
                    "job_id",
                    "mine",
                    "workflow_id",
                    DemoWorkflowIds.SLOW,
                    "params",
                    Map.of("steps", 200, "delay_ms", 50)));
            a.await(WsClient.jobUpdate("running"));
            b.send(command("get_status", "job_id", "mine"));
            assertThat(b.next().toString()).isEqualTo("{\"status\":\"not_found\",\"job_id\":\"mine\"}");
            b.send(command("cancel_job", "job_id", "mine"));
            assertThat(b.next().path("message").asText()).isEqualTo("Job cancellation requested");
            assertThat(a.await(WsClient.terminal()).path("status").asText()).isEqualTo("cancelled");
        }
    }

    @Test
    void sideCommandsAnswerAsGenC() throws Exception {
        try (WsClient client = WsClient.connectCurrent(server.webSocketUrl())) {
            client.send(command("clear_models"));
            assertThat(client.next().toString())
                    .isEqualTo("{\"message\":\"Model clearing is managed by provider implementations in TS runtime\"}");

            client.send(command("stream_input", "input", "steps"));
            assertThat(client.next().toString()).isEqualTo("{\"error\":\"job_id is required\"}");
            client.send(command("stream_input", "job_id", "none", "input", "steps", "value", 1));
            assertThat(client.next().toString()).isEqualTo("{\"error\":\"No active job/context\"}");

            client.send(command(
                    "run_job",
                    "job_id",
                    "s",
                    "workflow_id",
                    DemoWorkflowIds.SLOW,
                    "params",
                    Map.of("steps", 200, "delay_ms", 50)));
            client.await(WsClient.jobUpdate("running"));
            client.send(command("stream_input", "job_id", "s", "input", "nope", "value", 1));
            assertThat(client.await(WsClient.untyped()).toString()).isEqualTo("{\"error\":\"Invalid input name\"}");
            client.send(command("stream_input", "job_id", "s", "input", "steps", "value", 3));
            assertThat(client.await(WsClient.untyped()).toString())
                    .isEqualTo("{\"message\":\"Input item streamed\",\"job_id\":\"s\",\"workflow_id\":\"slow\"}");
            client.send(command("end_input_stream", "job_id", "s", "input", "steps"));
            assertThat(client.await(WsClient.untyped()).toString())
                    .isEqualTo("{\"message\":\"Input stream ended\",\"job_id\":\"s\",\"workflow_id\":\"slow\"}");

            client.send(command("update_node_properties", "job_id", "s", "properties", Map.of()));
            assertThat(client.await(WsClient.untyped()).toString()).isEqualTo("{\"error\":\"node_id is required\"}");
            client.send(command("update_node_properties", "job_id", "s", "node_id", "slow", "properties", 3));
            assertThat(client.await(WsClient.untyped()).toString())
                    .isEqualTo("{\"error\":\"properties must be an object\"}");
            client.send(
                    command("update_node_properties", "job_id", "s", "node_id", "slow", "properties", Map.of("x", 1)));
            assertThat(client.await(WsClient.untyped()).toString()).isEqualTo("{\"applied\":true}");
            client.send(command("update_node_properties", "job_id", "s", "node_id", "ghost", "properties", Map.of()));
            assertThat(client.await(WsClient.untyped()).toString()).isEqualTo("{\"applied\":false}");

            client.send(command("stop", "job_id", "s"));
            JsonNode stopped = client.await(f -> f.path("type").asText().equals("generation_stopped"));
            assertThat(stopped.path("message").asText()).isEqualTo("Generation stopped by user");
            assertThat(client.await(WsClient.untyped()).path("message").asText())
                    .isEqualTo("Stop command processed");
            assertThat(client.await(WsClient.terminal()).path("status").asText())
                    .isEqualTo("cancelled");

            client.send(command("list_workflows"));
            assertThat(client.next().toString()).isEqualTo("{\"error\":\"request_id is required for RPC commands\"}");
            ObjectNode rpc = command("get_workflow", "id", DemoWorkflowIds.SUM);
            rpc.put("request_id", "r1");
            client.send(rpc);
            JsonNode response = client.next();
            assertThat(response.path("type").asText()).isEqualTo("rpc_response");
            assertThat(response.path("request_id").asText()).isEqualTo("r1");
            assertThat(response.path("result").path("id").asText()).isEqualTo("sum");
        }
    }

    @Test
    void controlFramesAndRecording() throws Exception {
        try (WsClient client = WsClient.connectCurrent(server.webSocketUrl())) {
            client.send(WsClient.JSON.readTree("{\"type\":\"ping\",\"ts\":1}"));
            JsonNode pong = client.next();
            assertThat(pong.path("type").asText()).isEqualTo("pong");
            assertThat(pong.path("ts").isNumber()).isTrue();
            client.send(WsClient.JSON.readTree("{\"type\":\"pong\"}"));
            client.send(WsClient.JSON.readTree("{\"type\":\"tool_result\"}"));
            assertThat(client.next().path("error").asText()).isEqualTo("invalid_message");
            client.sendText(command("get_status").toString());
            // Inbound text does not switch the outbound mode (protocol-notes §6.2).
            assertThat(client.nextFrame().binary()).isTrue();

            List<RecordedCommand> recorded = server.commands();
            assertThat(recorded).extracting(RecordedCommand::command).containsExactly(null, null, null, "get_status");
            assertThat(recorded.get(3).binary()).isFalse();
            assertThat(recorded.get(0).binary()).isTrue();
            assertThat(recorded.get(0).message().path("type").asText()).isEqualTo("ping");
        }
    }

    @Test
    void pingsArriveAtTheConfiguredCadence() throws Exception {
        try (NodeToolTestServer pinging = NodeToolTestServer.builder()
                        .generation(Generation.CURRENT)
                        .pingInterval(Duration.ofMillis(50))
                        .start();
                WsClient client = WsClient.connectCurrent(pinging.webSocketUrl())) {
            double previous = 0;
            for (int i = 0; i < 3; i++) {
                JsonNode ping = client.next();
                assertThat(ping.path("type").asText()).isEqualTo("ping");
                assertThat(ping.path("ts").isDouble()).isTrue();
                assertThat(ping.path("ts").asDouble()).isGreaterThanOrEqualTo(previous);
                previous = ping.path("ts").asDouble();
            }
        }
    }

    @Test
    void noPingsWhenTheIntervalIsZero() throws Exception {
        try (NodeToolTestServer quiet = NodeToolTestServer.builder()
                        .generation(Generation.CURRENT)
                        .pingInterval(Duration.ZERO)
                        .start();
                WsClient client = WsClient.connectCurrent(quiet.webSocketUrl())) {
            client.send(command("get_status"));
            assertThat(client.next().has("active_jobs")).isTrue();
            assertThat(client.quietFor(200)).isTrue();
        }
    }

    @Test
    void jsonTextFramesCarryBytesAsIntegerArrays() throws Exception {
        server.registerScript(
                "bytes",
                "Bytes",
                List.of(Map.of(
                        "type",
                        "output_update",
                        "node_id",
                        "o",
                        "node_name",
                        "Output",
                        "output_name",
                        "raw",
                        "value",
                        Map.of("type", "asset", "uri", "", "data", "AQID".getBytes(StandardCharsets.US_ASCII)),
                        "output_type",
                        "any",
                        "metadata",
                        Map.of())));
        try (WsClient client = WsClient.connectCurrent(server.webSocketUrl())) {
            client.send(command("set_mode", "mode", "text"));
            client.next();
            client.send(command("run_job", "job_id", "b", "workflow_id", "bytes"));
            JsonNode output = client.await(f -> f.path("type").asText().equals("output_update"));
            // The scripted bytes are an asset ref, so text mode turns them into a data URI.
            assertThat(output.path("value").path("uri").asText()).startsWith("data:application/octet-stream;base64,");
            assertThat(client.until(WsClient.terminalWithResult()).stream()
                            .map(f -> f.path("type").asText())
                            .collect(Collectors.toList()))
                    .contains("job_update");
        }
    }
}
