package ai.nodetool.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * A one-connection TCP server for what MockWebServer cannot do: send a body shorter than its
 * Content-Length, never answer, or observe the client hanging up.
 */
public final class RawServer implements AutoCloseable {
    /** Counts down once the request headers have arrived. */
    public final CountDownLatch requestReceived = new CountDownLatch(1);
    /** Counts down when the client hangs up on a server that never answers. */
    public final CountDownLatch clientClosed = new CountDownLatch(1);

    private final ServerSocket socket;
    private final Thread thread;
    private volatile Socket peer;

    /** @param response bytes to send after the request headers, or null to send nothing */
    public RawServer(String response) throws IOException {
        socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> serve(response), "raw-test-server");
        thread.setDaemon(true);
        thread.start();
    }

    /** The base URL of this server. */
    public String url() {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/";
    }

    private void serve(String response) {
        try (Socket s = socket.accept()) {
            peer = s;
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != -1) {
                head.write(c);
                if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    break;
                }
            }
            requestReceived.countDown();
            if (response != null) {
                s.getOutputStream().write(response.getBytes(StandardCharsets.UTF_8));
                s.getOutputStream().flush();
                return; // closing the socket ends the response early
            }
            // Never answer; wait for the client to hang up (read returns -1 or fails).
            byte[] buf = new byte[1024];
            try {
                while (in.read(buf) != -1) {
                    // discard any request body
                }
            } catch (IOException e) {
                // reset by the client: also a hang-up
            }
            clientClosed.countDown();
        } catch (IOException e) {
            // server closed by the test
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        Socket p = peer;
        if (p != null) {
            p.close();
        }
    }
}
