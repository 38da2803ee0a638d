package ai.nodetool.testserver.websocket;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A minimal blocking WebSocket client over a plain socket, for load and back-pressure tests: it reads
 * only when the test asks it to (so a test can stop reading and let TCP push back), reuses one
 * payload buffer, and depends on nothing but the JDK. Not thread-safe.
 */
final class RawWebSocket implements AutoCloseable {
    static final int OP_TEXT = 0x1;
    static final int OP_BINARY = 0x2;
    static final int OP_CLOSE = 0x8;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private byte[] payload = new byte[64 * 1024];
    private int length;
    private int opcode;

    /**
     * Connects and upgrades.
     *
     * @param receiveBuffer the socket's receive buffer in bytes, or 0 for the system default
     */
    RawWebSocket(int port, String path, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(30_000);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(key) + "\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("no upgrade answer");
            }
            head.append((char) b);
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + head);
        }
    }

    void sendBinary(byte[] data) throws IOException {
        send(OP_BINARY, data);
    }

    void sendText(String text) throws IOException {
        send(OP_TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    private void send(int op, byte[] data) throws IOException {
        out.write(0x80 | op);
        if (data.length < 126) {
            out.write(0x80 | data.length);
        } else if (data.length < 65536) {
            out.write(0x80 | 126);
            out.write(data.length >>> 8);
            out.write(data.length);
        } else {
            out.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) data.length >>> shift));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        out.write(mask);
        byte[] masked = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
            masked[i] = (byte) (data[i] ^ mask[i & 3]);
        }
        out.write(masked);
        out.flush();
    }

    /**
     * Reads the next whole message (continuations joined) into the reused buffer.
     *
     * @return its opcode
     */
    int read() throws IOException {
        length = 0;
        opcode = -1;
        while (true) {
            int b0 = readByte();
            int b1 = readByte();
            long n = b1 & 0x7f;
            if (n == 126) {
                n = (readByte() << 8) | readByte();
            } else if (n == 127) {
                n = 0;
                for (int i = 0; i < 8; i++) {
                    n = (n << 8) | readByte();
                }
            }
            if ((b1 & 0x80) != 0) {
                throw new IOException("a server frame must not be masked");
            }
            if (length + n > Integer.MAX_VALUE - 16) {
                throw new IOException("message too large: " + n);
            }
            int need = (int) (length + n);
            if (need > payload.length) {
                byte[] bigger = new byte[Math.max(need, payload.length * 2)];
                System.arraycopy(payload, 0, bigger, 0, length);
                payload = bigger;
            }
            int op = b0 & 0x0f;
            if (op >= 0x8) { // a control frame between fragments: keep it apart only when it is a close
                if (op == OP_CLOSE) {
                    readFully(payload, 0, (int) n);
                    length = (int) n;
                    return OP_CLOSE;
                }
                in.skipNBytes(n);
                continue;
            }
            readFully(payload, length, (int) n);
            length = need;
            if (opcode < 0) {
                opcode = op;
            }
            if ((b0 & 0x80) != 0) {
                return opcode;
            }
        }
    }

    /** The last message's payload; valid until the next {@link #read()}. */
    byte[] payload() {
        return payload;
    }

    int length() {
        return length;
    }

    String text() {
        return new String(payload, 0, length, StandardCharsets.UTF_8);
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection closed");
        }
        return b;
    }

    private void readFully(byte[] buffer, int from, int n) throws IOException {
        int done = 0;
        while (done < n) {
            int r = in.read(buffer, from + done, n - done);
            if (r < 0) {
                throw new EOFException("connection closed mid-frame");
            }
            done += r;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
