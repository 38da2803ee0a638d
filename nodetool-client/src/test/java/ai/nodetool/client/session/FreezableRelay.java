package ai.nodetool.client.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay in front of a WebSocket peer that can make the connections it carries half-open:
 * after {@link #freezeOpenConnections()} their sockets stay open but every byte is swallowed in
 * both directions (a dead NAT entry, a peer that hangs without closing). Connections accepted
 * afterwards are relayed normally, so a client can reconnect through the same relay.
 */
final class FreezableRelay implements AutoCloseable {
    private final ServerSocket socket;
    private final int targetPort;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private static final class Link {
        final Socket client;
        final Socket server;
        volatile boolean frozen;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }
    }

    FreezableRelay(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "freezable-relay-accept");
        t.setDaemon(true);
        t.start();
    }

    String url() {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/";
    }

    /** From now on, the connections open so far carry nothing, while their sockets stay open. */
    void freezeOpenConnections() {
        for (Link l : links) {
            l.frozen = true;
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = socket.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                Link link = new Link(client, server);
                links.add(link);
                pump(link, server.getInputStream(), client.getOutputStream(), "freezable-relay-down");
                pump(link, client.getInputStream(), server.getOutputStream(), "freezable-relay-up");
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Link link, InputStream in, OutputStream out, String name) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try {
                int n;
                while ((n = in.read(buf)) != -1) {
                    if (!link.frozen) {
                        out.write(buf, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // one side is gone
            }
            if (!link.frozen) {
                closeQuietly(link.client);
                closeQuietly(link.server);
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // best effort
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        socket.close();
        for (Link l : links) {
            closeQuietly(l.client);
            closeQuietly(l.server);
        }
    }
}
