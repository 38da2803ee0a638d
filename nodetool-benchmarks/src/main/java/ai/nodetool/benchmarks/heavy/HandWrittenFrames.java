package ai.nodetool.benchmarks.heavy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import okio.ByteString;
import org.msgpack.jackson.dataformat.MessagePackMapper;

/**
 * The hand-written Java client's per-frame work on a WebSocket: Jackson's MessagePack {@code readTree}
 * over OkHttp's frame, and its test for a job's terminal update. {@link HandWrittenClient} runs it, and the
 * session's inbound benchmark ({@code SessionInboundBenchmark}) uses it as its baseline, so both measure the
 * same code.
 */
public final class HandWrittenFrames {
    private static final ObjectMapper MSGPACK = new MessagePackMapper();

    private HandWrittenFrames() {}

    /** Decodes a binary frame where OkHttp holds it, without copying it first. */
    public static JsonNode read(ByteString frame) throws IOException {
        return MSGPACK.readTree(new ByteBufferInput(frame.asByteBuffer()));
    }

    /** Encodes a command as the hand-written client sends it. */
    public static byte[] write(Object command) throws IOException {
        return MSGPACK.writeValueAsBytes(command);
    }

    /** Whether {@code frame} is a job update with a terminal status. */
    public static boolean isTerminal(JsonNode frame) {
        if (!"job_update".equals(frame.path("type").asText())) {
            return false;
        }
        String status = frame.path("status").asText();
        return status.equals("completed")
                || status.equals("failed")
                || status.equals("cancelled")
                || status.equals("error");
    }

    /** An input stream over a byte buffer, so that a large frame is not copied before decoding. */
    private static final class ByteBufferInput extends InputStream {
        private final ByteBuffer buffer;

        ByteBufferInput(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public int read() {
            return buffer.hasRemaining() ? buffer.get() & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (!buffer.hasRemaining()) {
                return -1;
            }
            int n = Math.min(len, buffer.remaining());
            buffer.get(b, off, n);
            return n;
        }
    }
}
