package ai.nodetool.client.internal.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.OutputUpdate;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.lang.ref.WeakReference;
import java.math.BigInteger;
import java.util.Arrays;
import okio.Buffer;
import okio.ByteString;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.jackson.dataformat.MessagePackMapper;

/**
 * The WebSocket MessagePack decoder (issue 15: one reused unpacker per session, the frame read in
 * place) builds exactly the tree Jackson's MessagePack {@code readTree} builds, for every value kind,
 * from a plain array and from OkHttp's segmented frames alike, and keeps no frame reachable.
 */
class MessagePackFrameDecoderTest {
    private static final MessagePackMapper JACKSON = new MessagePackMapper();

    private static byte[] everyKind() throws Exception {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        p.packMapHeader(17);
        p.packString("type").packString("output_update");
        p.packString("job_id").packString("j-ü-1");
        p.packString("small").packInt(7);
        p.packString("negative").packInt(-33);
        p.packString("int32").packInt(Integer.MAX_VALUE);
        p.packString("int64").packLong(Long.MIN_VALUE);
        p.packString("uint64").packBigInteger(new BigInteger("18446744073709551615"));
        p.packString("uint64small").packBigInteger(BigInteger.valueOf(1L << 40));
        p.packString("f32").packFloat(1.5f);
        p.packString("f64").packDouble(-2.25);
        p.packString("nil").packNil();
        p.packString("yes").packBoolean(true);
        p.packString("bin").packBinaryHeader(3).writePayload(new byte[] {1, 2, 3});
        p.packString("ext").packExtensionTypeHeader((byte) 5, 2).writePayload(new byte[] {9, 8});
        p.packString("value").packArrayHeader(3).packString("").packInt(1).packMapHeader(1);
        p.packInt(42).packString("int key");
        p.packString("long").packString("x".repeat(70_000));
        p.packInt(12).packString("a non-string key");
        p.close();
        return p.toByteArray();
    }

    /** The same bytes as OkHttp hands over a large frame: a ByteString over many 8 KiB segments. */
    private static ByteString segmented(byte[] bytes) {
        Buffer buffer = new Buffer();
        for (int i = 0; i < bytes.length; i += 1000) {
            buffer.write(bytes, i, Math.min(1000, bytes.length - i));
        }
        return buffer.snapshot();
    }

    @Test
    void buildsJacksonsTreeFromArraysAndFromSegmentedFrames() throws Exception {
        byte[] frame = everyKind();
        JsonNode expected = JACKSON.readTree(frame);
        MessagePackFrameDecoder decoder = new MessagePackFrameDecoder(1 << 20);

        JobMessage fromArray = decoder.decode(frame);
        ByteString pieces = segmented(frame);
        assertThat(pieces.getClass().getSimpleName()).isEqualTo("SegmentedByteString");
        JobMessage fromSegments = decoder.decode(pieces);
        JobMessage fromByteString = decoder.decode(ByteString.of(frame));

        for (JobMessage m : new JobMessage[] {fromArray, fromSegments, fromByteString}) {
            assertThat(m).isInstanceOf(OutputUpdate.class);
            assertThat(m.raw()).isEqualTo(expected);
            assertThat(m.raw().get("uint64").bigIntegerValue()).isEqualTo(new BigInteger("18446744073709551615"));
            assertThat(m.raw().get("bin").binaryValue()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void truncatedAndLyingFramesAreProtocolErrorsAndTheDecoderGoesOn() throws Exception {
        MessagePackFrameDecoder decoder = new MessagePackFrameDecoder(1 << 20);
        byte[] frame = everyKind();
        assertThatThrownBy(() -> decoder.decode(Arrays.copyOf(frame, frame.length / 2)))
                .isInstanceOf(NodeToolProtocolException.class);
        // a bin header claiming 2 GiB in a 10-byte frame: refused before anything is allocated
        ByteArrayOutputStream lying = new ByteArrayOutputStream();
        lying.writeBytes(new byte[] {(byte) 0x81, (byte) 0xA1, 'v', (byte) 0xC6, 0x7F, (byte) 0xFF, (byte) 0xFF, 0});
        assertThatThrownBy(() -> decoder.decode(lying.toByteArray()))
                .isInstanceOf(NodeToolProtocolException.class)
                .hasMessageContaining("bin length");
        assertThatThrownBy(() -> decoder.decode(new byte[0])).isInstanceOf(NodeToolProtocolException.class);
        assertThat(decoder.decode(frame).raw()).isEqualTo(JACKSON.readTree(frame));
    }

    @Test
    void keepsNoFrameReachableAfterDecoding() throws Exception {
        MessagePackFrameDecoder decoder = new MessagePackFrameDecoder(64L << 20);
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        p.packMapHeader(2).packString("type").packString("x").packString("s").packString("y".repeat(1 << 20));
        p.close();
        byte[] frame = p.toByteArray();
        WeakReference<byte[]> ref = new WeakReference<>(frame);
        JobMessage m = decoder.decode(frame);
        frame = null;
        for (int i = 0; i < 20 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(ref.get()).as("the decoder let go of the frame").isNull();
        assertThat(m.raw().get("s").textValue()).hasSize(1 << 20);
    }
}
