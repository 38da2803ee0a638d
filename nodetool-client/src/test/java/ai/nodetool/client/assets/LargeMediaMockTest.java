package ai.nodetool.client.assets;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.BoundedMemoryHarness;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 200 MB up and 200 MB down with a 64 MiB client heap: uploads are written from their source and downloads
 * copied in blocks, so neither holds the content in memory. The client runs in a forked JVM
 * ({@link LargeMediaMain}); the peer is a raw socket server in this JVM that checks every byte it receives
 * against the pattern and streams the pattern back.
 */
class LargeMediaMockTest {
    private static final long SIZE = 200L * 1024 * 1024;

    @TempDir
    Path dir;

    /** What the peer saw of each upload: path, framing and the verdict on its file part. */
    private final List<String> uploads = new CopyOnWriteArrayList<>();

    @Test
    void twoHundredMegabytesUpAndDownInASixtyFourMegabyteHeap() throws Exception {
        Path upload = dir.resolve("big.mp4");
        try (OutputStream out = Files.newOutputStream(upload);
                InputStream in = Pattern.stream(SIZE)) {
            in.transferTo(out);
        }
        try (ServerSocket socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            Thread peer = new Thread(() -> serve(socket), "large-media-peer");
            peer.setDaemon(true);
            peer.start();

            String output = BoundedMemoryHarness.runInSixtyFourMegabyteHeap(
                    LargeMediaMain.class,
                    "http://127.0.0.1:" + socket.getLocalPort() + "/",
                    upload.toString(),
                    dir.resolve("down.mp4").toString(),
                    Long.toString(SIZE));

            assertThat(output)
                    .contains("file upload: " + SIZE)
                    .contains("stream upload: " + SIZE)
                    .contains("file download: " + SIZE)
                    .contains("stream download: " + SIZE);
            assertThat(uploads)
                    .containsExactly(
                            "POST /api/assets content-length: ok", "POST /api/sdk/v1/assets/temporary chunked: ok");
        }
    }

    private void serve(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                handle(s);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket s) throws IOException {
        InputStream in = new BufferedInputStream(s.getInputStream());
        String head = readUntilBlankLine(in);
        String[] lines = head.split("\r\n");
        String[] requestLine = lines[0].split(" ");
        String method = requestLine[0];
        String path = requestLine[1];
        long contentLength = -1;
        boolean chunked = false;
        String boundary = null;
        for (String line : lines) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                contentLength = Long.parseLong(line.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("content-type:") && lower.contains("boundary=")) {
                boundary = line.substring(lower.indexOf("boundary=") + 9).trim();
            }
        }
        OutputStream out = s.getOutputStream();
        if (method.equals("GET")) {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: " + SIZE
                            + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            try (InputStream pattern = Pattern.stream(SIZE)) {
                pattern.transferTo(out);
            }
            out.flush();
            return;
        }
        InputStream body = chunked ? new Dechunked(in) : bounded(in, contentLength);
        String verdict;
        String partHead = readUntilBlankLine(body);
        if (boundary == null || !partHead.startsWith("--" + boundary + "\r\n") || !partHead.contains("name=\"file\"")) {
            verdict = "unexpected part head: " + partHead;
        } else {
            String wrong = Pattern.verify(body, SIZE);
            String tail = new String(body.readAllBytes(), StandardCharsets.ISO_8859_1);
            verdict = wrong != null ? wrong : tail.equals("\r\n--" + boundary + "--\r\n") ? "ok" : "tail " + tail;
        }
        uploads.add(method + " " + path + " " + (chunked ? "chunked" : contentLength > SIZE ? "content-length" : "?")
                + ": " + verdict);
        String json = "{\"id\":\"a1\",\"version\":1,\"uri\":\"/api/storage/temp/big.mp4\",\"name\":\"big.mp4\","
                + "\"content_type\":\"video/mp4\",\"size\":" + SIZE + "}";
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + json.length()
                        + "\r\nConnection: close\r\n\r\n" + json)
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads one header block including its blank line; returns it as ISO-8859-1 text. */
    private static String readUntilBlankLine(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int c;
        int matched = 0;
        while ((c = in.read()) != -1) {
            head.write(c);
            matched = (c == '\r' && (matched == 0 || matched == 2)) || (c == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1
                    : (c == '\r' ? 1 : 0);
            if (matched == 4) {
                break;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** The next {@code length} bytes of {@code in}, then end of stream (the connection stays open). */
    private static InputStream bounded(InputStream in, long length) {
        return new InputStream() {
            private long left = Math.max(length, 0);

            @Override
            public int read() throws IOException {
                if (left == 0) {
                    return -1;
                }
                int c = in.read();
                if (c >= 0) {
                    left--;
                }
                return c;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left == 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }
        };
    }

    /** HTTP/1.1 chunked transfer decoding, enough for OkHttp's requests. */
    private static final class Dechunked extends InputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        Dechunked(InputStream in) {
            this.in = in;
        }

        private boolean next() throws IOException {
            if (done) {
                return false;
            }
            if (left == 0) {
                String line = readLine();
                if (line.isEmpty()) {
                    line = readLine(); // the CRLF that ends the previous chunk
                }
                left = Long.parseLong(line.split(";")[0].trim(), 16);
                if (left == 0) {
                    readLine();
                    done = true;
                    return false;
                }
            }
            return true;
        }

        private String readLine() throws IOException {
            StringBuilder b = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            return b.toString();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (!next()) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new IOException("chunked body ended early");
            }
            left -= n;
            return n;
        }
    }
}
