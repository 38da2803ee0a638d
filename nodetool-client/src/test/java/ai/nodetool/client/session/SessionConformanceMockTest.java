package ai.nodetool.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.internal.json.Trees;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.testing.RecordingSubscriber;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Wire conformance through the public API: commands built with {@link RunJobRequest} and the
 * session methods encode to the maps of NodeTool's golden fixture and of our own vectors; server
 * frames (all map widths) decode to the expected messages on {@link JobSession#messages()}.
 */
class SessionConformanceMockTest {
    private WsPeer peer;
    private NodeToolClient client;

    @BeforeEach
    void start() throws Exception {
        peer = new WsPeer();
        client = NodeToolClient.builder().baseUrl(peer.baseUrl()).apiToken(null).build();
    }

    @AfterEach
    void stop() {
        client.close();
        peer.close();
    }

    private JobSession connect() throws InterruptedException {
        peer.acceptUpgrade();
        JobSession s = client.connect();
        peer.awaitOpen();
        return s;
    }

    private static JsonNode ownVectors() throws Exception {
        try (InputStream in = SessionConformanceMockTest.class.getResourceAsStream("/vectors/session.json")) {
            return WsPeer.JSON.readTree(in);
        }
    }

    private static Optional<Path> fixture() {
        Path cwd = Paths.get("").toAbsolutePath();
        List<Path> roots = new ArrayList<>();
        roots.add(cwd.resolve("../shared/conformance")); // run from the project root
        if (cwd.getParent() != null) {
            roots.add(cwd.getParent().resolve("../shared/conformance")); // Surefire: the module directory
        }
        return roots.stream()
                .map(r -> r.resolve("nodetool-sdk-v1/execution-wire.json").normalize())
                .filter(Files::isRegularFile)
                .findFirst();
    }

    /** Sends each command through the API, then checks what the peer received, frame by frame. */
    private void assertEncodes(Map<String, JsonNode> expected, Map<String, BiConsumer<JobSession, String>> calls)
            throws Exception {
        for (Map.Entry<String, JsonNode> e : expected.entrySet()) {
            BiConsumer<JobSession, String> call = calls.get(e.getKey());
            assertThat(call).as("an API call for vector " + e.getKey()).isNotNull();
            try (JobSession session = connect()) {
                call.accept(session, e.getKey());
                WsPeer.Frame sent = peer.take();
                assertThat(sent.binary()).as("MessagePack by default").isTrue();
                assertThat(Trees.equivalent(sent.tree(), e.getValue()))
                        .as(e.getKey() + ": sent " + sent.tree() + "\nexpected " + e.getValue())
                        .isTrue();
            }
        }
    }

    @Test
    void ownClientVectorsAreWhatTheApiSends() throws Exception {
        Map<String, JsonNode> expected = new LinkedHashMap<>();
        ownVectors().get("client").forEach(v -> expected.put(v.get("name").asText(), v.get("message")));
        Map<String, BiConsumer<JobSession, String>> calls = new LinkedHashMap<>();
        calls.put(
                "run_job_defaults",
                (s, n) -> s.runJob(RunJobRequest.builder()
                        .jobId("11111111-2222-3333-4444-555555555555")
                        .workflowId("wf-1")
                        .params(Map.of("name", "Ada"))
                        .param("n", 3)
                        .build()));
        calls.put(
                "run_job_everything",
                (s, n) -> s.runJob(RunJobRequest.builder()
                        .jobId("job-2")
                        .graph(WsPeer.obj(
                                "nodes",
                                List.of(Map.of("id", "n1", "type", "nodetool.input.StringInput")),
                                "edges",
                                List.of()))
                        .executionStrategy("subprocess")
                        .userId("u-7")
                        .authToken("tok")
                        .apiUrl("http://127.0.0.1:7777")
                        .env(Map.of("A", "1"))
                        .explicitTypes(true)
                        .requireTerminalResult(false)
                        .executionOptions("session", "outputs", "temporary")
                        .resourceLimits(Map.of("memory_mb", 512))
                        .extra("concurrent", true)
                        .build()));
        calls.put("cancel_job", (s, n) -> s.cancelJob("job-9"));
        calls.put("get_status_one", (s, n) -> s.getStatus("job-9"));
        calls.put("get_status_all", (s, n) -> s.getStatus());
        calls.put("reconnect_job", (s, n) -> s.reconnectJob("job-9", "wf-9", 41L));
        calls.put("set_mode_text", (s, n) -> s.setMode(Mode.TEXT));
        calls.put(
                "stream_input",
                (s, n) -> s.streamInput(
                        "job-9", "audio", Map.of("type", "chunk", "content", "hi", "done", false), "chunk"));
        calls.put("end_input_stream", (s, n) -> s.endInputStream("job-9", "audio"));
        calls.put("clear_models", (s, n) -> s.clearModels());
        assertEncodes(expected, calls);
    }

    @Test
    void nodetoolFixtureClientFramesAreWhatTheApiSends() throws Exception {
        Optional<Path> file = fixture();
        Assumptions.assumeTrue(file.isPresent(), "../shared/conformance is absent: skipped");
        Map<String, JsonNode> expected = new LinkedHashMap<>();
        for (JsonNode f : WsPeer.JSON.readTree(file.get().toFile()).get("frames")) {
            if ("client".equals(f.get("direction").asText())) {
                // The bytes and the JSON form are the same map (checked in MessageVectorsTest).
                expected.put(f.get("name").asText(), f.get("message"));
            }
        }
        Map<String, BiConsumer<JobSession, String>> calls = new LinkedHashMap<>();
        calls.put(
                "run_job_command",
                (s, n) -> s.runJob(RunJobRequest.builder()
                        .jobId("job-123")
                        .workflowId("workflow-456")
                        .param("prompt", "hello")
                        .requireTerminalResult(true)
                        .executionOptions("job", "full", "auto")
                        .build()));
        calls.put("cancel_job_command", (s, n) -> s.cancelJob("job-123"));
        calls.put("reconnect_job_command", (s, n) -> s.reconnectJob("job-123", "workflow-456", null));
        // A job the session follows supplies its workflow id to the job-scoped commands.
        calls.put(
                "stream_input_command",
                (s, n) -> attach(s).thenCompose(h -> s.streamInput("job-123", "prompt", "hello")));
        calls.put(
                "end_input_stream_command",
                (s, n) -> attach(s).thenCompose(h -> s.endInputStream("job-123", "prompt")));
        calls.put(
                "update_node_properties_command",
                (s, n) -> attach(s)
                        .thenCompose(h -> s.updateNodeProperties(
                                "job-123", "node-789", orderedMap("gain", 0.5, "enabled", true))));
        for (String name : expected.keySet()) {
            if (name.equals("stream_input_command")
                    || name.equals("end_input_stream_command")
                    || name.equals("update_node_properties_command")) {
                try (JobSession session = connect()) {
                    calls.get(name).accept(session, name);
                    peer.takeCommand("reconnect_job");
                    peer.send(WsPeer.obj(
                            "message",
                            "Reconnecting to job job-123",
                            "job_id",
                            "job-123",
                            "workflow_id",
                            "workflow-456"));
                    WsPeer.Frame sent = peer.take();
                    assertThat(Trees.equivalent(sent.tree(), expected.get(name)))
                            .as(name + ": sent " + sent.tree() + "\nexpected " + expected.get(name))
                            .isTrue();
                }
            } else {
                assertEncodes(Map.of(name, expected.get(name)), calls);
            }
        }
    }

    private static java.util.concurrent.CompletableFuture<JobHandle> attach(JobSession s) {
        return s.reconnectJob("job-123", "workflow-456", null);
    }

    private static Map<String, Object> orderedMap(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Sends frames from the peer and collects what the session publishes on messages(). */
    private List<JobMessage> receive(List<byte[]> frames) throws Exception {
        try (JobSession session = connect()) {
            RecordingSubscriber<JobMessage> all = new RecordingSubscriber<>();
            session.messages().subscribe(all);
            for (byte[] f : frames) {
                peer.sendBytes(f);
            }
            all.awaitItems(frames.size());
            return all.items();
        }
    }

    @Test
    void ownServerVectorsDecodeInEveryMapWidth() throws Exception {
        List<byte[]> frames = new ArrayList<>();
        List<JsonNode> vectors = new ArrayList<>();
        for (JsonNode v : ownVectors().get("server")) {
            for (Iterator<JsonNode> it = v.get("messagepack_hex").elements(); it.hasNext(); ) {
                frames.add(HexFormat.of().parseHex(it.next().asText()));
                vectors.add(v);
            }
        }
        List<JobMessage> got = receive(frames);
        for (int i = 0; i < frames.size(); i++) {
            JsonNode v = vectors.get(i);
            assertThat(got.get(i).getClass().getSimpleName())
                    .as(v.get("name").asText())
                    .isEqualTo(v.get("class").asText());
            assertThat(Trees.equivalent(got.get(i).raw(), v.get("message")))
                    .as(v.get("name").asText())
                    .isTrue();
        }
    }

    @Test
    void nodetoolFixtureServerFramesDecodeToTypedMessages() throws Exception {
        Optional<Path> file = fixture();
        Assumptions.assumeTrue(file.isPresent(), "../shared/conformance is absent: skipped");
        List<byte[]> frames = new ArrayList<>();
        List<JsonNode> expected = new ArrayList<>();
        for (JsonNode f : WsPeer.JSON.readTree(file.get().toFile()).get("frames")) {
            if ("server".equals(f.get("direction").asText())) {
                frames.add(HexFormat.of().parseHex(f.get("messagepack_hex").asText()));
                expected.add(f);
            }
        }
        Map<String, String> classes = Map.of(
                "sdk_execution_target",
                "SdkExecutionTarget",
                "job_resumed",
                "JobResumed",
                "job_update",
                "JobUpdate",
                "node_update",
                "NodeUpdate",
                "node_progress",
                "NodeProgress",
                "output_update",
                "OutputUpdate",
                "chunk",
                "Chunk");
        List<JobMessage> got = receive(frames);
        for (int i = 0; i < frames.size(); i++) {
            JsonNode message = expected.get(i).get("message");
            String cls = message.has("type") ? classes.get(message.get("type").asText()) : "CommandReply";
            assertThat(got.get(i).getClass().getSimpleName())
                    .as(expected.get(i).get("name").asText())
                    .isEqualTo(cls);
            assertThat(Trees.equivalent(got.get(i).raw(), message)).isTrue();
        }
    }
}
