package ai.nodetool.testserver.internal.net;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Reads client frames and writes server frames (RFC 6455 section 5). Stateless. */
final class FrameCodec {
    static final int OP_CONTINUATION = 0x0;
    static final int OP_TEXT = 0x1;
    static final int OP_BINARY = 0x2;
    static final int OP_CLOSE = 0x8;
    static final int OP_PING = 0x9;
    static final int OP_PONG = 0xA;

    static final int CLOSE_NORMAL = 1000;
    static final int CLOSE_PROTOCOL_ERROR = 1002;
    static final int CLOSE_NO_STATUS = 1005;
    static final int CLOSE_ABNORMAL = 1006;
    static final int CLOSE_INVALID_DATA = 1007;
    static final int CLOSE_TOO_BIG = 1009;
    static final int CLOSE_INTERNAL_ERROR = 1011;
    static final int MAX_CONTROL_PAYLOAD = 125;

    private FrameCodec() {}

    /** One received frame, payload already unmasked. */
    record Frame(boolean fin, int opcode, byte[] payload) {
        boolean isControl() {
            return (opcode & 0x8) != 0;
        }
    }

    /**
     * Reads one frame.
     *
     * @param maxDataPayload largest data-frame payload still acceptable for the current message
     * @throws WebSocketProtocolException for an unmasked frame, reserved bits, an unknown opcode, a bad
     *                                    control frame (1002) or a payload over the limit (1009)
     * @throws EOFException when the peer closed the TCP stream
     */
    static Frame read(InputStream in, long maxDataPayload) throws IOException, WebSocketProtocolException {
        int b0 = readByte(in);
        int b1 = readByte(in);
        boolean fin = (b0 & 0x80) != 0;
        int opcode = b0 & 0x0F;
        if ((b0 & 0x70) != 0) {
            // No extension is ever negotiated, so no reserved bit may be set.
            throw new WebSocketProtocolException(CLOSE_PROTOCOL_ERROR, "reserved bits set");
        }
        boolean control = (opcode & 0x8) != 0;
        if (opcode > OP_BINARY && !control || opcode > OP_PONG) {
            throw new WebSocketProtocolException(CLOSE_PROTOCOL_ERROR, "unknown opcode " + opcode);
        }
        if ((b1 & 0x80) == 0) {
            throw new WebSocketProtocolException(CLOSE_PROTOCOL_ERROR, "client frames must be masked");
        }
        long length = b1 & 0x7F;
        if (length == 126) {
            length = (long) readByte(in) << 8 | readByte(in);
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = length << 8 | readByte(in);
            }
            if (length < 0) {
                throw new WebSocketProtocolException(CLOSE_PROTOCOL_ERROR, "64-bit length with high bit set");
            }
        }
        if (control && (!fin || length > MAX_CONTROL_PAYLOAD)) {
            throw new WebSocketProtocolException(CLOSE_PROTOCOL_ERROR, "fragmented or oversized control frame");
        }
        if (!control && length > maxDataPayload) {
            throw new WebSocketProtocolException(CLOSE_TOO_BIG, "message too big");
        }
        byte[] mask = readExactly(in, 4);
        byte[] payload = readExactly(in, (int) length);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i & 3];
        }
        return new Frame(fin, opcode, payload);
    }

    /** Writes one unmasked, unfragmented frame (not flushed). */
    static void write(OutputStream out, int opcode, byte[] payload) throws IOException {
        byte[] header = new byte[10];
        header[0] = (byte) (0x80 | opcode);
        int headerLength;
        int length = payload.length;
        if (length < 126) {
            header[1] = (byte) length;
            headerLength = 2;
        } else if (length <= 0xFFFF) {
            header[1] = 126;
            header[2] = (byte) (length >>> 8);
            header[3] = (byte) length;
            headerLength = 4;
        } else {
            header[1] = 127;
            long longLength = length;
            for (int i = 0; i < 8; i++) {
                header[2 + i] = (byte) (longLength >>> (56 - 8 * i));
            }
            headerLength = 10;
        }
        out.write(header, 0, headerLength);
        out.write(payload);
    }

    /** Close frame payload: two-byte code then the UTF-8 reason. */
    static byte[] closePayload(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        return payload;
    }

    /** Whether an endpoint may put this code in a close frame (RFC 6455 section 7.4). */
    static boolean isSendableCloseCode(int code) {
        if (code >= 3000 && code <= 4999) {
            return true;
        }
        return code >= 1000 && code <= 1014 && code != 1004 && code != CLOSE_NO_STATUS && code != CLOSE_ABNORMAL;
    }

    /** Strict UTF-8 decoding; malformed input is the peer's protocol error 1007. */
    static String decodeUtf8(byte[] bytes) throws WebSocketProtocolException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new WebSocketProtocolException(CLOSE_INVALID_DATA, "invalid UTF-8");
        }
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection closed inside a frame");
        }
        return b;
    }

    private static byte[] readExactly(InputStream in, int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new EOFException("connection closed inside a frame");
        }
        return bytes;
    }
}
