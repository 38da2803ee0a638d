package ai.nodetool.client.internal.decode;

import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.internal.codec.MessageCodec;
import ai.nodetool.client.messages.JobMessage;
import java.nio.charset.StandardCharsets;

/**
 * Turns one text WebSocket frame (one JSON object, protocol-notes §6.2) into a {@link JobMessage},
 * with the same rules as {@link MessagePackFrameDecoder}. Knows nothing of sockets. Stateless,
 * thread-safe.
 */
public final class JsonFrameDecoder {
    private final long maxFrameBytes;

    /**
     * @param maxFrameBytes frames larger than this (in UTF-8 bytes) are refused
     */
    public JsonFrameDecoder(long maxFrameBytes) {
        if (maxFrameBytes < 1) {
            throw new IllegalArgumentException("maxFrameBytes must be positive");
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * @param frame the text frame
     * @return the message, never null
     * @throws NodeToolProtocolException if the frame is oversize, not JSON, not an object, or has a
     *     non-string {@code type}
     */
    public JobMessage decode(String frame) {
        // A UTF-8 encoding is at least as long as the char count: check cheaply first.
        FrameMessages.checkSize(frame.length(), maxFrameBytes, "text");
        byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        FrameMessages.checkSize(bytes.length, maxFrameBytes, "text");
        return FrameMessages.toMessage(MessageCodec.readJson(bytes));
    }
}
