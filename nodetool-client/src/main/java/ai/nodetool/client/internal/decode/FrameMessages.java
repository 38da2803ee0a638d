package ai.nodetool.client.internal.decode;

import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.internal.codec.MessageCodec;
import ai.nodetool.client.messages.CommandReply;
import ai.nodetool.client.messages.JobMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Shared by the two WebSocket frame decoders: one decoded frame tree to its message. */
final class FrameMessages {
    private FrameMessages() {}

    static JobMessage toMessage(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw new NodeToolProtocolException("WebSocket frame is not a map but "
                    + (tree == null ? "nothing" : tree.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        JsonNode type = tree.get("type");
        if (type == null || type.isNull()) {
            // Command replies and rejections are untyped maps (protocol-notes §7.2, §7.4).
            return CommandReply.of((ObjectNode) tree);
        }
        return MessageCodec.decode(tree);
    }

    static void checkSize(long size, long max, String kind) {
        if (size > max) {
            throw new NodeToolProtocolException("Oversize WebSocket " + kind + " frame: " + size
                    + " bytes, the limit is " + max + " (SessionOptions.maxFrameBytes)");
        }
    }
}
