package ai.nodetool.client.internal.decode;

import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.internal.codec.MessageCodec;
import ai.nodetool.client.messages.JobMessage;

/**
 * Turns one binary WebSocket frame (one MessagePack map, protocol-notes §6.2) into a
 * {@link JobMessage}. Knows nothing of sockets. Any map width is accepted (msgpackr writes map16
 * headers even for small maps); {@code bin} values stay bytes. A map with a {@code type} becomes
 * its typed message ({@code UnknownMessage} for types the SDK does not model); a map without one
 * is a command reply ({@link ai.nodetool.client.messages.CommandReply}). Stateless, thread-safe.
 */
public final class MessagePackFrameDecoder {
    private final long maxFrameBytes;

    /**
     * @param maxFrameBytes frames larger than this are refused
     */
    public MessagePackFrameDecoder(long maxFrameBytes) {
        if (maxFrameBytes < 1) {
            throw new IllegalArgumentException("maxFrameBytes must be positive");
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * @param frame the frame payload
     * @return the message, never null
     * @throws NodeToolProtocolException if the frame is oversize, empty, not MessagePack, not a map,
     *     or has a non-string {@code type}
     */
    public JobMessage decode(byte[] frame) {
        FrameMessages.checkSize(frame.length, maxFrameBytes, "binary");
        return FrameMessages.toMessage(MessageCodec.readMsgpack(frame));
    }
}
