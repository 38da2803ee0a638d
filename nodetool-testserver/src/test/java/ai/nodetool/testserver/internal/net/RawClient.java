package ai.nodetool.testserver.internal.net;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A hand-driven client over a plain socket, for what the JDK clients cannot do: send garbage,
 * pipeline requests, see chunk boundaries, send hand-masked WebSocket frames.
 */
final class RawClient implements AutoCloseable {
    static final int OP_CONTINUATION = 0x0;
    static final int OP_TEXT = 0x1;
    static final int OP_BINARY = 0x2;
    static final int OP_CLOSE = 0x8;
    static final int OP_PING = 0x9;
    static final int OP_PONG = 0xA;

    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        // A broken server must fail the test, not hang it.
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    record Response(int status, String reason, Map<String, String> headers, byte[] body, List<Integer> chunkSizes) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    record Frame(boolean fin, int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return (payload[0] & 0xFF) << 8 | (payload[1] & 0xFF);
        }
    }

    void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("EOF after '" + line + "'");
            }
            line.append((char) b);
        }
        int len = line.length();
        if (len > 0 && line.charAt(len - 1) == '\r') {
            line.setLength(len - 1);
        }
        return line.toString();
    }

    /** Reads a status line and headers (keys lower-case). */
    Response readHead() throws IOException {
        String statusLine = readLine();
        String[] parts = statusLine.split(" ", 3);
        Map<String, String> headers = new LinkedHashMap<>();
        String line;
        while (!(line = readLine()).isEmpty()) {
            int colon = line.indexOf(':');
            headers.put(
                    line.substring(0, colon).toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).trim());
        }
        return new Response(
                Integer.parseInt(parts[1]), parts.length > 2 ? parts[2] : "", headers, new byte[0], List.of());
    }

    /** Reads a whole response, body framed by Content-Length or chunked. */
    Response readResponse() throws IOException {
        Response head = readHead();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        List<Integer> chunkSizes = new ArrayList<>();
        if ("chunked".equals(head.headers().get("transfer-encoding"))) {
            while (true) {
                int size = Integer.parseInt(readLine(), 16);
                if (size == 0) {
                    readLine();
                    break;
                }
                chunkSizes.add(size);
                body.writeBytes(readExactly(size));
                if (!readLine().isEmpty()) {
                    throw new IOException("chunk not followed by CRLF");
                }
            }
        } else if (head.headers().containsKey("content-length")) {
            body.writeBytes(readExactly(Integer.parseInt(head.headers().get("content-length"))));
        }
        return new Response(head.status(), head.reason(), head.headers(), body.toByteArray(), chunkSizes);
    }

    byte[] readExactly(int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length != n) {
            throw new EOFException("wanted " + n + " bytes, got " + bytes.length);
        }
        return bytes;
    }

    /** True when the server closed the connection (clean EOF or reset) with nothing more sent. */
    boolean serverClosed() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketException e) {
            return true; // reset
        }
    }

    void upgrade(String target) throws IOException {
        send("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        Response head = readHead();
        if (head.status() != 101) {
            throw new IOException("upgrade refused: " + head.status());
        }
        // The example key and accept value of RFC 6455 section 1.3.
        if (!"s3pPLMBiTxaQ9kYGzzhZRbK+xOo=".equals(head.headers().get("sec-websocket-accept"))) {
            throw new IOException("wrong accept hash: " + head.headers());
        }
    }

    /** Sends one client frame, masked with a random key unless {@code masked} is false. */
    void sendFrame(boolean fin, int opcode, byte[] payload, boolean masked) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write((fin ? 0x80 : 0) | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            frame.write(maskBit | payload.length);
        } else if (payload.length <= 0xFFFF) {
            frame.write(maskBit | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(maskBit | 127);
            for (int i = 7; i >= 0; i--) {
                frame.write((int) ((long) payload.length >>> (8 * i)) & 0xFF);
            }
        }
        if (masked) {
            byte[] key = new byte[4];
            ThreadLocalRandom.current().nextBytes(key);
            frame.writeBytes(key);
            byte[] maskedPayload = payload.clone();
            for (int i = 0; i < maskedPayload.length; i++) {
                maskedPayload[i] ^= key[i & 3];
            }
            frame.writeBytes(maskedPayload);
        } else {
            frame.writeBytes(payload);
        }
        send(frame.toByteArray());
    }

    /** Reads one server frame and checks it is unmasked. */
    Frame readFrame() throws IOException {
        int b0 = in.read();
        int b1 = in.read();
        if (b0 < 0 || b1 < 0) {
            throw new EOFException("no frame");
        }
        if ((b1 & 0x80) != 0) {
            throw new IOException("server frame is masked");
        }
        long length = b1 & 0x7F;
        if (length == 126) {
            length = (in.read() << 8) | in.read();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | in.read();
            }
        }
        return new Frame((b0 & 0x80) != 0, b0 & 0x0F, readExactly((int) length));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
