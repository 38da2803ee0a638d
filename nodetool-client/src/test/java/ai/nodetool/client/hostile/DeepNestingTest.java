package ai.nodetool.client.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.internal.decode.JsonFrameDecoder;
import ai.nodetool.client.internal.decode.MessagePackFrameDecoder;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.OutputUpdate;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/**
 * A deeply nested frame (issue 14): MessagePack is capped at the depth JSON is (Jackson's
 * StreamReadConstraints, 1000), so a decoded message's {@code toString()} and {@code javaValue()}
 * never overflow the stack; deeper input is a protocol error, not a crash.
 */
class DeepNestingTest {
    private static final int LIMIT = 1000;

    /** {"type":"output_update","node_name":"n","value":[[[...]]]} with {@code depth} levels in all. */
    private static byte[] msgpackOutput(int depth) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x83); // fixmap of 3
        str(b, "type");
        str(b, "output_update");
        str(b, "node_name");
        str(b, "n");
        str(b, "value");
        for (int i = 1; i < depth; i++) {
            b.write(0x91); // fixarray of 1
        }
        b.write(0x01);
        return b.toByteArray();
    }

    private static void str(ByteArrayOutputStream b, String s) {
        b.write(0xA0 | s.length());
        b.writeBytes(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void messagePackAtTheJsonDepthLimitDecodesAndPrints() {
        JobMessage m = new MessagePackFrameDecoder(1 << 20).decode(msgpackOutput(LIMIT));
        assertThat(m).isInstanceOf(OutputUpdate.class);
        assertThat(m.toString()).contains("output_update");
        assertThat(((OutputUpdate) m).javaValue()).isInstanceOf(java.util.List.class);
    }

    @Test
    void messagePackDeeperThanTheLimitIsAProtocolError() {
        MessagePackFrameDecoder decoder = new MessagePackFrameDecoder(1 << 20);
        assertThatThrownBy(() -> decoder.decode(msgpackOutput(LIMIT + 1)))
                .isInstanceOf(NodeToolProtocolException.class)
                .hasMessageContaining("nests deeper");
        assertThatThrownBy(() -> decoder.decode(msgpackOutput(200_000)))
                .isInstanceOf(NodeToolProtocolException.class)
                .hasMessageContaining("nests deeper");
    }

    @Test
    void jsonDeeperThanTheLimitIsAProtocolErrorToo() {
        String deep = "{\"type\":\"output_update\",\"node_name\":\"n\",\"value\":" + "[".repeat(5000) + "1"
                + "]".repeat(5000) + "}";
        assertThatThrownBy(() -> new JsonFrameDecoder(1 << 20).decode(deep))
                .isInstanceOf(NodeToolProtocolException.class);
    }
}
