package ai.nodetool.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.internal.codec.MessageCodec;
import ai.nodetool.client.messages.AssetRef;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.messages.JobUpdate;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.messages.UnknownMessage;
import ai.nodetool.client.messages.WorkerComplete;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JobStatus, AssetRef, RunResult normalisation and decoder errors. */
class MessageModelTest {
    private static JsonNode tree(String json) {
        return MessageCodec.readJson(json.getBytes(StandardCharsets.UTF_8));
    }

    private static JobMessage decode(String json) {
        return MessageCodec.decode(tree(json));
    }

    @Test
    void jobStatusKnowsTerminalStatesAndKeepsUnknownOnes() {
        for (String s : List.of("completed", "failed", "cancelled", "error", "timed_out")) {
            assertThat(JobStatus.of(s).isTerminal()).as(s).isTrue();
        }
        for (String s : List.of("queued", "running", "suspended", "paused", "starting", "pending")) {
            assertThat(JobStatus.of(s).isTerminal()).as(s).isFalse();
        }
        assertThat(JobStatus.of("COMPLETED")).isEqualTo(JobStatus.COMPLETED);
        JobStatus odd = JobStatus.of("escalated");
        assertThat(odd.isKnown()).isFalse();
        assertThat(odd.value()).isEqualTo("escalated");
        assertThat(odd.isTerminal()).isFalse();
        assertThat(JobStatus.of(null)).isEqualTo(JobStatus.UNKNOWN);
        assertThat(JobStatus.FAILED.isFailure()).isTrue();
        assertThat(JobStatus.CANCELLED.isFailure()).isFalse();
    }

    @Test
    void assetRefBytesFromDataUriBinIntArrayAndUrl() {
        AssetRef dataUri = AssetRef.of(tree("{\"type\":\"image\",\"uri\":\"data:image/png;base64,AQID\"}"));
        assertThat(dataUri.bytes().orElseThrow()).containsExactly(1, 2, 3);
        assertThat(dataUri.mimeType()).contains("image/png");

        AssetRef plain = AssetRef.of(tree("{\"type\":\"text\",\"uri\":\"data:,hello%20world\"}"));
        assertThat(new String(plain.bytes().orElseThrow(), StandardCharsets.UTF_8))
                .isEqualTo("hello world");
        assertThat(plain.mimeType()).contains("text/plain");

        AssetRef ints = AssetRef.of(tree("{\"type\":\"audio\",\"uri\":\"\",\"data\":[255,0,7]}"));
        assertThat(ints.bytes().orElseThrow()).containsExactly(255, 0, 7);
        assertThat(ints.uri()).isEmpty();

        AssetRef url = AssetRef.of(tree("{\"type\":\"video\",\"uri\":\"http://h/api/storage/temp/x.mp4?sig=1\","
                + "\"asset_id\":\"a1\",\"data\":null,\"duration\":3.5}"));
        assertThat(url.bytes()).isEmpty();
        assertThat(url.mimeType()).contains("video/mp4");
        assertThat(url.assetId()).contains("a1");
        assertThat(url.raw().get("duration").asDouble()).isEqualTo(3.5);
        assertThat(url.toString()).contains("video");

        assertThat(AssetRef.isAssetRef(tree("{\"type\":\"image\"}"))).isFalse();
        assertThat(AssetRef.isAssetRef(tree("{\"type\":\"custom\",\"uri\":\"x\"}")))
                .isFalse();
        assertThatThrownBy(() -> AssetRef.of(tree("{\"a\":1}"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void runResultFromEveryShape() {
        RunResult genA = RunResult.fromEditorResponse(tree("{\"String Output\":\"hi\",\"List\":[1,2]}"));
        assertThat(genA.outputs())
                .containsEntry("String Output", List.of("hi"))
                .containsEntry("List", List.of(List.of(1, 2)));
        assertThat(genA.status()).isEqualTo(JobStatus.COMPLETED);

        RunResult genC = RunResult.fromEditorResponse(tree(
                "{\"job_id\":\"j\",\"status\":\"completed\"," + "\"outputs\":{\"r\":[\"a\",\"b\"]},\"error\":null}"));
        assertThat(genC.outputs().get("r")).containsExactly("a", "b");
        assertThat(genC.output("r")).isEqualTo("b");
        assertThat(genC.jobId()).isEqualTo("j");

        RunResult worker = RunResult.fromWorkerResponse(tree("{\"results\":{\"x\":{\"k\":true}}}"));
        assertThat(worker.output("x")).isEqualTo(Map.of("k", true));

        JobUpdate genAUpdate = (JobUpdate) decode(
                "{\"type\":\"job_update\",\"status\":\"completed\",\"job_id\":\"j\"," + "\"result\":{\"out\":[1,2]}}");
        assertThat(RunResult.fromJobUpdate(genAUpdate).outputs().get("out")).containsExactly(1, 2);
        JobUpdate genCUpdate = (JobUpdate) decode("{\"type\":\"job_update\",\"status\":\"completed\",\"job_id\":\"j\","
                + "\"result\":{\"outputs\":{\"out\":[3]}}}");
        assertThat(RunResult.fromJobUpdate(genCUpdate).outputs().get("out")).containsExactly(3);
        JobUpdate noResult = (JobUpdate) decode("{\"type\":\"job_update\",\"status\":\"completed\"}");
        assertThat(RunResult.fromJobUpdate(noResult).outputs()).isEmpty();

        WorkerComplete complete = (WorkerComplete) decode("{\"type\":\"complete\",\"results\":{\"o\":\"v\"}}");
        assertThat(RunResult.fromWorkerComplete(complete, "j").output("o")).isEqualTo("v");

        record Point(int x, int y) {}
        RunResult typed = RunResult.fromEditorResponse(tree("{\"p\":{\"x\":1,\"y\":2}}"));
        assertThat(typed.output("p", Point.class)).isEqualTo(new Point(1, 2));
        assertThat(typed.output("missing", String.class)).isNull();
    }

    @Test
    void decodeRejectsWhatIsNotAMessage() {
        assertThatThrownBy(() -> decode("[1]"))
                .isInstanceOf(NodeToolProtocolException.class)
                .hasMessageContaining("Expected a message object but got array");
        assertThatThrownBy(() -> decode("{\"error\":\"invalid_command\"}"))
                .isInstanceOf(NodeToolProtocolException.class)
                .hasMessageContaining("no string 'type'")
                .hasMessageContaining("error");
        assertThatThrownBy(() -> decode("{\"type\":5}")).isInstanceOf(NodeToolProtocolException.class);
        assertThatThrownBy(() -> MessageCodec.decode(null)).isInstanceOf(NodeToolProtocolException.class);
        assertThatThrownBy(() -> MessageCodec.readJson(new byte[0]))
                .isInstanceOf(NodeToolProtocolException.class)
                .hasMessageContaining("Empty");
        assertThatThrownBy(() -> MessageCodec.readMsgpack(new byte[0])).isInstanceOf(NodeToolProtocolException.class);
        // map16 announcing 2 entries but holding none: truncated frame
        assertThatThrownBy(() -> MessageCodec.readMsgpack(new byte[] {(byte) 0xde, 0, 2}))
                .isInstanceOf(NodeToolProtocolException.class)
                .hasMessageContaining("MessagePack");
        assertThatThrownBy(() -> MessageCodec.readMsgpack(new byte[] {(byte) 0xc1}))
                .isInstanceOf(NodeToolProtocolException.class);
    }

    @Test
    void unknownTypeKeepsEverything() {
        JobMessage m = decode(
                "{\"type\":\"resource_change\",\"event\":\"created\",\"resource\":{\"id\":\"w\"},\"job_seq\":3}");
        assertThat(m).isInstanceOf(UnknownMessage.class);
        assertThat(m.type()).isEqualTo("resource_change");
        assertThat(m.raw().at("/resource/id").asText()).isEqualTo("w");
        assertThat(m.jobSeq()).hasValue(3);
    }
}
