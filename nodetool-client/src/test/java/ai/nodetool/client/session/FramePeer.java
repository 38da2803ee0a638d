package ai.nodetool.client.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.msgpack.jackson.dataformat.MessagePackMapper;

/**
 * A WebSocket server on a raw socket with <em>blocking</em> writes (its own codec, independent of
 * the client's): a reader thread decodes the client's commands into {@link #commands}, and a test
 * writes frames with {@link #send}, which blocks when the client stops reading and the TCP buffers
 * are full. {@link #framesWritten} counts the frames whose write returned, so a test can see that
 * the client pushes back. The server's socket has small buffers so that push-back shows early.
 */
final class FramePeer implements AutoCloseable {
    static final ObjectMapper MSGPACK = new MessagePackMapper();
    static final ObjectMapper JSON = new ObjectMapper();

    final BlockingQueue<JsonNode> commands = new LinkedBlockingQueue<>();
    final AtomicLong framesWritten = new AtomicLong();
    final AtomicBoolean clientClosed = new AtomicBoolean();
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final BlockingQueue<OutputStream> outputs = new LinkedBlockingQueue<>();
    private final boolean smallBuffers;
    private volatile OutputStream out;

    FramePeer() throws IOException {
        this(true);
    }

    /** @param smallBuffers 8 KiB socket buffers, so that push-back shows early (else the defaults) */
    FramePeer(boolean smallBuffers) throws IOException {
        this.smallBuffers = smallBuffers;
        server = new ServerSocket();
        if (smallBuffers) {
            server.setReceiveBufferSize(8192);
        }
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        Thread t = new Thread(this::accept, "frame-peer");
        t.setDaemon(true);
        t.start();
    }

    String httpUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    String wsUrl() {
        return "ws://127.0.0.1:" + server.getLocalPort() + "/ws";
    }

    /** @return the next command the client sent, within 10 s */
    JsonNode nextCommand() throws InterruptedException {
        JsonNode c = commands.poll(10, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError("no command from the client within 10 s");
        }
        return c;
    }

    /** Writes one binary (MessagePack) frame; blocks while the client does not read. */
    void send(Object message) throws IOException {
        byte[] payload = MSGPACK.writeValueAsBytes(message);
        OutputStream o = out;
        synchronized (o) {
            writeFrame(o, 0x2, payload);
            o.flush();
        }
        framesWritten.incrementAndGet();
    }

    /** Writes many binary frames, flushing once at the end; each counts once its bytes are written. */
    void sendAll(Iterable<?> messages) throws IOException {
        OutputStream o = out;
        synchronized (o) {
            for (Object m : messages) {
                writeFrame(o, 0x2, MSGPACK.writeValueAsBytes(m));
                framesWritten.incrementAndGet();
            }
            o.flush();
        }
    }

    /** Drops the TCP connection without a close frame. */
    void drop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                if (smallBuffers) {
                    s.setSendBufferSize(8192);
                }
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "frame-peer-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            String key = null;
            for (String line : readHead(in).split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
                    key = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            String accept = Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-1")
                            .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                                    .getBytes(StandardCharsets.US_ASCII)));
            OutputStream o = new BufferedOutputStream(s.getOutputStream(), 65536);
            o.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            o.flush();
            out = o;
            outputs.add(o);
            for (; ; ) {
                int b0 = in.read();
                if (b0 < 0) {
                    return;
                }
                int b1 = in.readUnsignedByte();
                long len = b1 & 0x7F;
                if (len == 126) {
                    len = in.readUnsignedShort();
                } else if (len == 127) {
                    len = in.readLong();
                }
                byte[] mask = new byte[4];
                if ((b1 & 0x80) != 0) {
                    in.readFully(mask);
                }
                byte[] payload = new byte[(int) len];
                in.readFully(payload);
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i & 3];
                }
                int opcode = b0 & 0x0F;
                if (opcode == 0x2) {
                    commands.add(MSGPACK.readTree(payload));
                } else if (opcode == 0x1) {
                    commands.add(JSON.readTree(payload));
                } else if (opcode == 0x9) { // ping: pong
                    synchronized (o) {
                        writeFrame(o, 0xA, payload);
                        o.flush();
                    }
                } else if (opcode == 0x8) {
                    clientClosed.set(true);
                    synchronized (o) {
                        writeFrame(o, 0x8, payload);
                        o.flush();
                    }
                    return;
                }
            }
        } catch (Exception e) {
            // peer gone
        }
    }

    private static void writeFrame(OutputStream f, int opcode, byte[] payload) throws IOException {
        f.write(0x80 | opcode);
        if (payload.length < 126) {
            f.write(payload.length);
        } else if (payload.length < 65536) {
            f.write(126);
            f.write(payload.length >>> 8);
            f.write(payload.length & 0xFF);
        } else {
            f.write(127);
            long n = payload.length;
            for (int i = 7; i >= 0; i--) {
                f.write((int) (n >>> (8 * i)) & 0xFF);
            }
        }
        f.write(payload);
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                return head.toString();
            }
        }
        throw new IOException("no upgrade request");
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
