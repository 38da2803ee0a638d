package ai.nodetool.client.internal.decode;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.messages.JobMessage;
import okio.Buffer;
import okio.ByteString;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.jackson.dataformat.MessagePackMapper;

/**
 * The decoder reuses the String of a short key or value it has decoded before (issue 15); this
 * checks that reuse never hands back the wrong string: thousands of distinct short strings that
 * must share the cache's slots, strings at and past the cached length, multi-byte and malformed
 * UTF-8, and strings split across OkHttp's segments, each decoded frame equal to Jackson's tree.
 */
class MessagePackRepeatedStringsTest {
    private static final MessagePackMapper JACKSON = new MessagePackMapper();

    private static byte[] frame(int i) throws Exception {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        p.packMapHeader(8);
        // moves the short strings after it across the 8 KiB segment boundary, a few bytes per frame
        p.packString("pad").packString("p".repeat(8_150 + i % 48));
        p.packString("type").packString("log_update");
        p.packString("job_id").packString("job-" + i);
        p.packString("k" + (i % 997)).packString("v" + i);
        p.packString("at40").packString(("é" + i + "x".repeat(40)).substring(0, 39)); // 40 bytes
        p.packString("at41").packString("y".repeat(41 - String.valueOf(i).length()) + i);
        p.packString("bad").packRawStringHeader(3);
        p.writePayload(new byte[] {(byte) 0xC3, (byte) 'a', (byte) (i & 0x7F)});
        p.packString("same" + (i % 3)).packString("same" + (i % 5));
        p.close();
        return p.toByteArray();
    }

    @Test
    void everyDecodedStringIsTheOneInTheFrame() throws Exception {
        MessagePackFrameDecoder decoder = new MessagePackFrameDecoder(1 << 20);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 5_000; i++) {
                byte[] bytes = frame(i);
                JobMessage m = i % 2 == 0 ? decoder.decode(bytes) : decoder.decode(segmented(bytes));
                assertThat(m.raw()).isEqualTo(JACKSON.readTree(bytes));
                assertThat(m.raw().get("job_id").asText()).isEqualTo("job-" + i);
                assertThat(m.raw().get("k" + (i % 997)).asText()).isEqualTo("v" + i);
            }
        }
    }

    @Test
    void aCachedStringIsNotConfusedWithItsPrefixOrExtension() throws Exception {
        MessagePackFrameDecoder decoder = new MessagePackFrameDecoder(1 << 20);
        String[] values = {"ab", "abc", "ab", "a", "", "abc", "ab\u0000", "ab"};
        for (String v : values) {
            MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
            p.packMapHeader(2);
            p.packString("type").packString("log_update");
            p.packString("content").packString(v);
            p.close();
            assertThat(decoder.decode(p.toByteArray()).raw().get("content").asText())
                    .isEqualTo(v);
        }
    }

    /** As OkHttp hands over a frame of more than one 8 KiB segment: the padding puts strings across it. */
    private static ByteString segmented(byte[] bytes) {
        Buffer buffer = new Buffer();
        buffer.write(bytes);
        return buffer.snapshot();
    }
}
