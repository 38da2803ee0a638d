package ai.nodetool.testserver.websocket;

import static ai.nodetool.testserver.websocket.WsClient.command;
import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Map headers of MessagePack frames (protocol-notes §6.2): Gen C's msgpackr writes map16 ({@code 0xde})
 * for every map, even a small one and a nested one; Gen A's Python msgpack writes the smallest header.
 */
class MessagePackMapsServerTest {

    private static List<WsClient.Frame> greetingFrames(NodeToolTestServer server, boolean current) throws Exception {
        List<WsClient.Frame> frames = new ArrayList<>();
        try (WsClient client = WsClient.connect(server.webSocketUrl())) {
            client.send(command("run_job", "job_id", "m", "workflow_id", DemoWorkflowIds.GREETING));
            while (true) {
                WsClient.Frame frame = client.nextFrame();
                frames.add(frame);
                if (current
                        ? WsClient.terminalWithResult().test(frame.message())
                        : WsClient.terminal().test(frame.message())) {
                    return frames;
                }
            }
        }
    }

    @Test
    void currentWritesEveryMapAsMap16() throws Exception {
        try (NodeToolTestServer server =
                NodeToolTestServer.builder().generation(Generation.CURRENT).start()) {
            List<WsClient.Frame> frames = greetingFrames(server, true);
            assertThat(frames).allSatisfy(f -> {
                assertThat(f.binary()).isTrue();
                assertThat(f.raw()[0]).as(HexFormat.of().formatHex(f.raw())).isEqualTo((byte) 0xde);
            });
            // The reply {"message","workflow_id"} has two entries: 0xde 0x00 0x02.
            WsClient.Frame reply = frames.stream()
                    .filter(f -> f.message().path("message").asText().equals("Job started"))
                    .findFirst()
                    .orElseThrow();
            assertThat(HexFormat.of().formatHex(reply.raw(), 0, 3)).isEqualTo("de0002");
            // A nested map (result.outputs) is map16 too: "result" key then 0xde.
            WsClient.Frame last = frames.get(frames.size() - 1);
            String hex = HexFormat.of().formatHex(last.raw());
            assertThat(hex).contains(HexFormat.of().formatHex("result".getBytes()) + "de0001");
        }
    }

    @Test
    void legacyWritesTheSmallestMapHeader() throws Exception {
        try (NodeToolTestServer server = NodeToolTestServer.start()) {
            List<WsClient.Frame> frames = greetingFrames(server, false);
            assertThat(frames).allSatisfy(f -> assertThat(f.raw()[0] & 0xf0).isEqualTo(0x80));
        }
    }
}
