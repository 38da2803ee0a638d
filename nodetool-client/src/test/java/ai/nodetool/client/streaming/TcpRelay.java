package ai.nodetool.client.streaming;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;

/**
 * A TCP relay in front of the test server, to watch the connection from the server's side: it
 * counts down {@link #clientHungUp} when the client closes its connection while the server's
 * response is still open, and then closes the server-side connection too, so the server sees the
 * disconnect exactly as with a direct connection. Meant for one request per relay (a pooled
 * keep-alive connection closed later would also count as a hang-up).
 */
final class TcpRelay implements AutoCloseable {
    final CountDownLatch clientHungUp = new CountDownLatch(1);
    private final ServerSocket socket;
    private final int targetPort;
    private volatile boolean closed;

    TcpRelay(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "tcp-relay-accept");
        t.setDaemon(true);
        t.start();
    }

    String url() {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/";
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = socket.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                java.util.concurrent.atomic.AtomicBoolean serverEnded = new java.util.concurrent.atomic.AtomicBoolean();
                pump(server.getInputStream(), client.getOutputStream(), client, server, serverEnded, false);
                pump(client.getInputStream(), server.getOutputStream(), client, server, serverEnded, true);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(InputStream in, OutputStream out, Socket client, Socket server,
            java.util.concurrent.atomic.AtomicBoolean serverEnded, boolean fromClient) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            boolean readEnded = false;
            try {
                int n = 0;
                while (n != -2 && (n = in.read(buf)) != -1) {
                    try {
                        out.write(buf, 0, n);
                        out.flush();
                    } catch (IOException writeFailed) {
                        n = -2; // the receiving side is gone
                    }
                    if (n == -2) {
                        break;
                    }
                }
                readEnded = n == -1;
            } catch (IOException e) {
                readEnded = true; // reset or closed: the sending side is gone
            }
            if (!fromClient) {
                if (readEnded) {
                    serverEnded.set(true);
                } else {
                    clientHungUp.countDown(); // writing to the client failed: it closed mid-response
                }
            } else if (!serverEnded.get()) {
                clientHungUp.countDown(); // the client closed while the server side was still open
            }
            closeQuietly(client);
            closeQuietly(server);
        }, fromClient ? "tcp-relay-up" : "tcp-relay-down");
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
    }
}
