package ai.nodetool.client.assets;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.BoundedMemoryHarness;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 15, large media over an HTTP run: a 50 MiB output sent inline as a base64 {@code data:} URI in the
 * blocking run's JSON answer (about 70 MB of body; a legacy server's flat map, and a current server's
 * envelope) completes in a client JVM of 128 MiB heap, three rounds in a row, and arrives byte for byte.
 * Before, the body was read whole (70 MB), then parsed into a 70 M-character string through Jackson's
 * character buffers (140 MB more), and Jackson's 20,000,000-character limit refused it anyway. The peer is
 * a raw socket that writes the body as it encodes it (chunked), so the test JVM holds no copy either.
 */
class LargeMediaHttpMockTest {
    private static final long SIZE = 50L * 1024 * 1024;
    private static final int ROUNDS = 3;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} answer")
    @ValueSource(strings = {"legacy", "current"})
    void fiftyMebibytesInlineInABlockingRunFitInAHundredTwentyEightMebibyteHeap(String shape) throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            Thread peer = new Thread(() -> serve(socket, shape), "large-media-http-peer");
            peer.setDaemon(true);
            peer.start();
            String output = runForked(
                    "http://127.0.0.1:" + socket.getLocalPort() + "/",
                    dir.resolve("out.bin").toString(),
                    Long.toString(SIZE),
                    Integer.toString(ROUNDS));
            for (int round = 1; round <= ROUNDS; round++) {
                assertThat(output).contains("round " + round + ": " + SIZE + " ok");
            }
        }
    }

    private static String runForked(String... args) throws Exception {
        String output = BoundedMemoryHarness.runForked(
                List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError"),
                170,
                LargeMediaHttpMain.class,
                args);
        System.out.println(output);
        return output;
    }

    private static void serve(ServerSocket server, String shape) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                InputStream in = new BufferedInputStream(s.getInputStream());
                String head = readHead(in);
                int length = contentLength(head);
                in.readNBytes(length);
                OutputStream out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                                + "Connection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                String media = "{\"type\": \"image\", \"uri\": \"data:image/png;base64,";
                String open = shape.equals("legacy")
                        ? "{\"image\": " + media
                        : "{\"job_id\": \"j1\", \"status\": \"completed\", \"outputs\": {\"image\": [" + media;
                String close = shape.equals("legacy")
                        ? "\", \"asset_id\": null}}"
                        : "\", \"asset_id\": null}]}, \"error\": null}";
                chunk(out, open.getBytes(StandardCharsets.US_ASCII));
                try (InputStream pattern = Pattern.stream(SIZE)) {
                    byte[] raw = new byte[3 * 16 * 1024];
                    for (int n; (n = pattern.readNBytes(raw, 0, raw.length)) > 0; ) {
                        byte[] b64 = Base64.getEncoder().encode(java.util.Arrays.copyOf(raw, n));
                        chunk(out, b64);
                    }
                }
                chunk(out, close.getBytes(StandardCharsets.US_ASCII));
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                // The client went away (a failed round): the forked JVM's exit code tells.
            }
        }
    }

    private static void chunk(OutputStream out, byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return head.toString();
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }
}
