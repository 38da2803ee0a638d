package ai.nodetool.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.internal.codec.MessageCodec;
import ai.nodetool.client.internal.json.Trees;
import ai.nodetool.client.messages.AssetRef;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.messages.JobUpdate;
import ai.nodetool.client.messages.OutputUpdate;
import ai.nodetool.client.messages.RunResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden vectors: the same message from MessagePack bytes and from JSON decodes to equal typed
 * messages. Uses the project's own vectors (every message type) and, when present, NodeTool's
 * fixture in ../shared/conformance.
 */
class MessageVectorsTest {
    private static final Map<String, String> CLASS_BY_TYPE = Map.ofEntries(
            Map.entry("job_update", "JobUpdate"),
            Map.entry("node_update", "NodeUpdate"),
            Map.entry("node_progress", "NodeProgress"),
            Map.entry("output_update", "OutputUpdate"),
            Map.entry("chunk", "Chunk"),
            Map.entry("job_resumed", "JobResumed"),
            Map.entry("sdk_execution_target", "SdkExecutionTarget"));

    static Stream<Arguments> ownVectors() throws Exception {
        try (InputStream in = MessageVectorsTest.class.getResourceAsStream("/vectors/messages.json")) {
            JsonNode root = MessageCodec.json().readTree(in);
            List<Arguments> out = new ArrayList<>();
            root.get("frames").forEach(f -> out.add(Arguments.of(f.get("name").asText(), f)));
            return out.stream();
        }
    }

    private static JobMessage fromMsgpack(JsonNode frame) {
        return MessageCodec.decode(MessageCodec.readMsgpack(
                HexFormat.of().parseHex(frame.get("messagepack_hex").asText())));
    }

    private static JobMessage fromJson(JsonNode frame) {
        return MessageCodec.decode(
                MessageCodec.readJson(frame.get("message").toString().getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ownVectors")
    void ownVectorDecodesIdenticallyFromBothEncodings(String name, JsonNode frame) throws Exception {
        JobMessage packed = fromMsgpack(frame);
        JobMessage json = fromJson(frame);
        JsonNode expect = frame.get("expect");

        assertThat(packed).isEqualTo(json);
        assertThat(packed.hashCode()).isEqualTo(json.hashCode());
        for (JobMessage m : List.of(packed, json)) {
            assertThat(m.getClass().getSimpleName())
                    .isEqualTo(expect.get("class").asText());
            assertThat(m.type()).isEqualTo(expect.get("type").asText());
            assertThat(m.jobId()).isEqualTo(expect.get("jobId").textValue());
            assertThat(m.workflowId()).isEqualTo(expect.get("workflowId").textValue());
            if (expect.get("jobSeq").isNull()) {
                assertThat(m.jobSeq()).isEmpty();
            } else {
                assertThat(m.jobSeq()).hasValue(expect.get("jobSeq").asLong());
            }
            for (Map.Entry<String, JsonNode> field : expect.get("fields").properties()) {
                assertField(m, field.getKey(), field.getValue());
            }
            if (!name.endsWith("sse_nested")) {
                assertThat(Trees.equivalent(m.raw(), frame.get("message")))
                        .as("raw keeps every field")
                        .isTrue();
            }
        }
    }

    private static void assertField(JobMessage m, String accessor, JsonNode expected) throws Exception {
        if (accessor.equals("assetBytesHex")) {
            AssetRef asset = ((OutputUpdate) m).asset().orElseThrow();
            assertThat(HexFormat.of().formatHex(asset.bytes().orElseThrow())).isEqualTo(expected.asText());
            return;
        }
        Method method = m.getClass().getMethod(accessor);
        Object actual = method.invoke(m);
        JsonNode actualNode;
        if (actual == null) {
            actualNode = NullNode.getInstance();
        } else if (actual instanceof JobStatus) {
            actualNode = MessageCodec.json().getNodeFactory().textNode(((JobStatus) actual).value());
        } else if (actual instanceof JsonNode) {
            actualNode = (JsonNode) actual;
        } else {
            actualNode = MessageCodec.json().valueToTree(actual);
        }
        assertThat(Trees.equivalent(actualNode, expected))
                .as("%s.%s(): %s vs expected %s", m.getClass().getSimpleName(), accessor, actualNode, expected)
                .isTrue();
    }

    @Test
    void msgpackBinAndJsonIntArrayAreTheSameAsset() throws Exception {
        JsonNode frame = ownVectors()
                .map(a -> (JsonNode) a.get()[1])
                .filter(f -> f.get("name").asText().equals("job_update_completed_gen_c_with_media"))
                .findFirst()
                .orElseThrow();
        JobUpdate packed = (JobUpdate) fromMsgpack(frame);
        JobUpdate json = (JobUpdate) fromJson(frame);

        assertThat(packed.raw().at("/result/outputs/image/0/data").isBinary()).isTrue();
        assertThat(json.raw().at("/result/outputs/image/0/data").isArray()).isTrue();
        RunResult a = RunResult.fromJobUpdate(packed);
        RunResult b = RunResult.fromJobUpdate(json);
        AssetRef fromBin = (AssetRef) a.output("image");
        AssetRef fromArray = (AssetRef) b.output("image");
        assertThat(fromBin).isEqualTo(fromArray);
        assertThat(fromBin.bytes().orElseThrow())
                .isEqualTo(fromArray.bytes().orElseThrow())
                .startsWith(0x89, 'P', 'N', 'G');
        assertThat(a).isEqualTo(b);
        assertThat(a.jobId()).isEqualTo("job-1");
    }

    // --- NodeTool's own fixture -------------------------------------------------------------

    static Optional<Path> conformanceFile() {
        String configured = System.getProperty("nodetool.conformance.dir");
        List<Path> candidates = new ArrayList<>();
        if (configured != null) {
            candidates.add(Paths.get(configured));
        }
        Path cwd = Paths.get("").toAbsolutePath();
        // Surefire runs in the module directory; the project root is its parent.
        candidates.add(cwd.resolve("../shared/conformance"));
        if (cwd.getParent() != null) {
            candidates.add(cwd.getParent().resolve("../shared/conformance"));
        }
        return candidates.stream()
                .map(p -> p.resolve("nodetool-sdk-v1/execution-wire.json").normalize())
                .filter(Files::isRegularFile)
                .findFirst();
    }

    static Stream<Arguments> conformanceFrames() throws Exception {
        Optional<Path> file = conformanceFile();
        if (file.isEmpty()) {
            return Stream.of(Arguments.of("(conformance folder absent)", null));
        }
        JsonNode root = MessageCodec.json().readTree(file.get().toFile());
        List<Arguments> out = new ArrayList<>();
        root.get("frames").forEach(f -> out.add(Arguments.of(f.get("name").asText(), f)));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conformanceFrames")
    void nodetoolFixtureFrameDecodesIdentically(String name, JsonNode frame) {
        Assumptions.assumeTrue(frame != null, "../shared/conformance is absent: skipped");
        JsonNode message = frame.get("message");
        JsonNode packedTree = MessageCodec.readMsgpack(
                HexFormat.of().parseHex(frame.get("messagepack_hex").asText()));
        assertThat(Trees.equivalent(packedTree, message))
                .as("msgpack bytes decode to the JSON message")
                .isTrue();
        if (!"server".equals(frame.get("direction").asText())) {
            return;
        }
        if (!message.has("type")) {
            // Protocol rejections are untyped maps (protocol-notes §7.4): not a JobMessage, same error both ways.
            assertThatThrownBy(() -> fromMsgpack(frame))
                    .isInstanceOf(NodeToolProtocolException.class)
                    .hasMessageContaining("no string 'type'");
            assertThatThrownBy(() -> fromJson(frame))
                    .isInstanceOf(NodeToolProtocolException.class)
                    .hasMessageContaining("no string 'type'");
            return;
        }
        JobMessage packed = fromMsgpack(frame);
        JobMessage json = fromJson(frame);
        assertThat(packed).isEqualTo(json);
        assertThat(packed.getClass().getSimpleName())
                .isEqualTo(CLASS_BY_TYPE.get(message.get("type").asText()));
        assertThat(packed.jobId()).isEqualTo(message.path("job_id").textValue());
        assertThat(packed.workflowId()).isEqualTo(message.path("workflow_id").textValue());
        assertThat(Trees.equivalent(packed.raw(), message)).isTrue();
        if (packed instanceof JobUpdate && ((JobUpdate) packed).status().isTerminal()) {
            RunResult result = RunResult.fromJobUpdate((JobUpdate) packed);
            assertThat(result.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(result.output("node789")).isEqualTo(Map.of("output", "hello"));
            assertThat(((JobUpdate) packed).duration()).isEqualTo(1.25);
        }
    }
}
