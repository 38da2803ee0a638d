package ai.nodetool.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A TCP relay in front of a server (the test server, or a WebSocket peer), for what a direct
 * connection cannot show:
 * <ul>
 *   <li>the connection from the server's side: {@link #clientHungUp} counts down when the client
 *   closes its connection while the server's response is still open, and the relay then closes the
 *   server-side connection too, so the server sees the disconnect exactly as with a direct
 *   connection. Meant for one request per relay (a pooled keep-alive connection closed later would
 *   also count as a hang-up);</li>
 *   <li>half-open connections: after {@link #freezeOpenConnections()} the connections carried so far
 *   keep their sockets open but swallow every byte in both directions (a dead NAT entry, a peer that
 *   hangs without closing). Connections accepted afterwards are relayed normally, so a client can
 *   reconnect through the same relay.</li>
 * </ul>
 * {@link #close()} closes the listening socket and every connection it carried.
 */
public final class TcpRelay implements AutoCloseable {
    /** Counts down when the client hangs up while the server side of its connection is still open. */
    public final CountDownLatch clientHungUp = new CountDownLatch(1);

    private final ServerSocket socket;
    private final int targetPort;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private static final class Link {
        final Socket client;
        final Socket server;
        volatile boolean frozen;
        volatile boolean serverEnded;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }
    }

    /** Starts relaying connections to {@code targetPort} on the loopback address. */
    public TcpRelay(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "tcp-relay-accept");
        t.setDaemon(true);
        t.start();
    }

    /** The base URL clients connect to instead of the target. */
    public String url() {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/";
    }

    /** From now on, the connections open so far carry nothing, while their sockets stay open. */
    public void freezeOpenConnections() {
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
                pump(link, server.getInputStream(), client.getOutputStream(), false);
                pump(link, client.getInputStream(), server.getOutputStream(), true);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Link link, InputStream in, OutputStream out, boolean fromClient) {
        Thread t = new Thread(
                () -> {
                    byte[] buf = new byte[64 * 1024];
                    boolean readEnded = false;
                    try {
                        while (true) {
                            int n = in.read(buf);
                            if (n == -1) {
                                readEnded = true;
                                break;
                            }
                            if (link.frozen) {
                                continue; // swallowed: the connection is half-open
                            }
                            try {
                                out.write(buf, 0, n);
                                out.flush();
                            } catch (IOException writeFailed) {
                                break; // the receiving side is gone
                            }
                        }
                    } catch (IOException e) {
                        readEnded = true; // reset or closed: the sending side is gone
                    }
                    if (link.frozen) {
                        return; // a frozen connection stays open until close()
                    }
                    if (!fromClient) {
                        if (readEnded) {
                            link.serverEnded = true;
                        } else {
                            clientHungUp.countDown(); // writing to the client failed: it closed mid-response
                        }
                    } else if (!link.serverEnded) {
                        clientHungUp.countDown(); // the client closed while the server side was still open
                    }
                    closeQuietly(link.client);
                    closeQuietly(link.server);
                },
                fromClient ? "tcp-relay-up" : "tcp-relay-down");
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
