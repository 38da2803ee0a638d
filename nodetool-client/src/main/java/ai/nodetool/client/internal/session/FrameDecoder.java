package ai.nodetool.client.internal.session;

import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.internal.decode.JsonFrameDecoder;
import ai.nodetool.client.internal.decode.MessagePackFrameDecoder;
import ai.nodetool.client.messages.JobMessage;
import java.util.function.Consumer;
import okio.ByteString;

/**
 * Second stage of the inbound path: turns each frame of the socket into a {@link JobMessage} by its
 * frame type (binary: MessagePack, text: JSON, whatever the current mode) and hands it to the
 * router. A frame that cannot be decoded goes to the protocol-error handler and is skipped; the
 * session stays open.
 *
 * <p>Lock: none of its own (the MessagePack decoder, reused for every frame of the session,
 * serializes itself). Called only on OkHttp's reader thread, one frame at a time.
 */
final class FrameDecoder implements Connection.Inbound {
    private static final System.Logger LOG = System.getLogger(ai.nodetool.client.session.JobSession.class.getName());

    private final MessagePackFrameDecoder msgpack;
    private final JsonFrameDecoder json;
    private final Consumer<NodeToolProtocolException> protocolErrors;
    private final FrameRouter router;

    FrameDecoder(long maxFrameBytes, Consumer<NodeToolProtocolException> protocolErrors, FrameRouter router) {
        this.msgpack = new MessagePackFrameDecoder(maxFrameBytes);
        this.json = new JsonFrameDecoder(maxFrameBytes);
        this.protocolErrors = protocolErrors;
        this.router = router;
    }

    @Override
    public void onText(String text) {
        JobMessage message;
        try {
            message = json.decode(text);
        } catch (RuntimeException e) {
            reportProtocolError(e);
            return;
        }
        route(message, text.length());
    }

    @Override
    public void onBinary(ByteString bytes) {
        JobMessage message;
        try {
            message = msgpack.decode(bytes); // in place: no copy of the frame
        } catch (RuntimeException e) {
            reportProtocolError(e);
            return;
        }
        route(message, bytes.size());
    }

    private void route(JobMessage message, long weight) {
        try {
            router.route(message, weight);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Routing a WebSocket frame failed", e);
        }
    }

    private void reportProtocolError(RuntimeException decodeError) {
        NodeToolProtocolException e = decodeError instanceof NodeToolProtocolException
                ? (NodeToolProtocolException) decodeError
                : new NodeToolProtocolException("Undecodable WebSocket frame: " + decodeError, decodeError);
        try {
            protocolErrors.accept(e);
        } catch (RuntimeException hookError) {
            LOG.log(System.Logger.Level.WARNING, "protocolErrorHandler threw", hookError);
        }
    }
}
