package ai.nodetool.client.hostile;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.ResponseTooLargeException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Run by {@link HostileMemoryMockTest} in a JVM with a 64 MiB heap: with default client options, a
 * gzip bomb (1 MiB on the wire, 1 GiB inflated) and a 30 MB JSON string without a declared length
 * each fail with {@link ResponseTooLargeException}, and the JVM lives on. Prints OK and exits 0, or
 * prints FAIL and exits 1.
 */
public final class HostileMemoryMain {
    private HostileMemoryMain() {}

    public static void main(String[] args) throws Exception {
        byte[] bomb = HostileHttpServerMockTest.gzipOfZeros(1024L * 1024 * 1024);
        System.out.println("bomb on the wire: " + bomb.length + " bytes");
        try (ScriptedPeer peer = new ScriptedPeer(r -> HostileHttpServerMockTest.rawGzip(bomb));
                NodeToolClient client =
                        NodeToolClient.builder().baseUrl(peer.url()).build()) {
            expectTooLarge("gzip bomb", () -> client.workflows().list());
        }
        try (ServerSocket huge = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> serveHugeString(huge), "huge-json");
            t.setDaemon(true);
            t.start();
            try (NodeToolClient client = NodeToolClient.builder()
                    .baseUrl("http://127.0.0.1:" + huge.getLocalPort())
                    .maxRetries(0)
                    .build()) {
                expectTooLarge("30 MB JSON string", () -> client.workflows().get("wf"));
            }
        }
        System.out.println("OK");
    }

    /** A JSON document with a 30 MB string, close-delimited (no Content-Length), from a small buffer. */
    private static void serveHugeString(ServerSocket server) {
        while (true) {
            try (Socket s = server.accept()) {
                s.getInputStream().read(new byte[8192]);
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"
                                + "{\"id\":\"wf\",\"name\":\"")
                        .getBytes(StandardCharsets.ISO_8859_1));
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, (byte) 'x');
                for (int i = 0; i < 30 * 16; i++) {
                    out.write(chunk);
                }
                out.write("\"}".getBytes(StandardCharsets.ISO_8859_1));
            } catch (Exception e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private static void expectTooLarge(String what, Runnable call) {
        long start = System.nanoTime();
        try {
            call.run();
            System.out.println("FAIL: " + what + " was read whole");
            System.exit(1);
        } catch (ResponseTooLargeException e) {
            System.out.println(
                    what + ": " + e.getMessage() + " after " + (System.nanoTime() - start) / 1_000_000 + " ms");
        } catch (RuntimeException e) {
            System.out.println("FAIL: " + what + ": " + e);
            System.exit(1);
        }
    }
}
