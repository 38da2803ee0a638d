package ai.nodetool.client.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hostile WebSocket server on raw sockets: completes (or never answers) the upgrade, then runs a
 * per-connection behaviour with the raw socket. Counts connections.
 */
final class RawWebSocketPeer implements AutoCloseable {
    interface Behaviour {
        void run(Socket socket, InputStream in, OutputStream out) throws Exception;
    }

    final AtomicInteger upgrades = new AtomicInteger();
    final AtomicInteger accepted = new AtomicInteger();
    private final ServerSocket server;
    private final boolean answerUpgrade;
    private final Behaviour behaviour;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    RawWebSocketPeer(boolean answerUpgrade, Behaviour behaviour) throws IOException {
        this.answerUpgrade = answerUpgrade;
        this.behaviour = behaviour;
        this.server = new ServerSocket();
        server.setReceiveBufferSize(4096); // accepted sockets inherit it: a peer that does not read fills up soon
        server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        Thread t = new Thread(this::accept, "raw-ws-peer");
        t.setDaemon(true);
        t.start();
    }

    String url() {
        return "ws://127.0.0.1:" + server.getLocalPort() + "/ws";
    }

    String httpUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                accepted.incrementAndGet();
                Thread t = new Thread(() -> serve(s), "raw-ws-peer-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            String head = readHead(in);
            if (head == null) {
                return;
            }
            if (!answerUpgrade) {
                while (in.read() != -1) {
                    // never answer; wait for the client to give up
                }
                return;
            }
            String key = null;
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
                    key = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            String accept = Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-1")
                            .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                                    .getBytes(StandardCharsets.US_ASCII)));
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            upgrades.incrementAndGet();
            behaviour.run(s, in, out);
        } catch (Exception e) {
            // peer gone
        }
    }

    /** An unmasked server frame. */
    static byte[] frame(int opcode, byte[] payload) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
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
        f.writeBytes(payload);
        return f.toByteArray();
    }

    static byte[] close(int code) {
        return frame(0x8, new byte[] {(byte) (code >>> 8), (byte) code});
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            head.write(c);
            if (head.size() >= 4 && head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
