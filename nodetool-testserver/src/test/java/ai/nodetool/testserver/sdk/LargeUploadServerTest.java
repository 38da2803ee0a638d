package ai.nodetool.testserver.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * A 200 MB upload and download through a test server whose heap is 64 MB: the server runs in its own JVM
 * ({@code -Xmx64m}), so had it buffered the body (or held two copies) it would fail with
 * {@code OutOfMemoryError} instead of answering. The bytes come back identical (length and CRC-32).
 */
class LargeUploadServerTest {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
    private static final long SIZE = 200L * 1024 * 1024;

    @Test
    void twoHundredMegabytesPassThroughAServerWithA64MegabyteHeap() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(
                        java,
                        "-Xmx64m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "ai.nodetool.testserver.Main",
                        "--port",
                        "0",
                        "--generation",
                        "current")
                .redirectErrorStream(true)
                .start();
        StringBuilder output = new StringBuilder();
        try {
            CompletableFuture<String> url = new CompletableFuture<>();
            Thread drain = new Thread(() -> {
                try (BufferedReader out =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        synchronized (output) {
                            output.append(line).append('\n');
                        }
                        Matcher m = LISTENING.matcher(line);
                        if (m.find()) {
                            url.complete(m.group(1));
                        }
                    }
                } catch (IOException e) {
                    // process ended
                }
                url.complete(null);
            });
            drain.setDaemon(true);
            drain.start();
            String baseUrl = url.get(30, TimeUnit.SECONDS);
            assertThat(baseUrl).as("the URL Main prints").isNotNull();
            Rest rest = new Rest(baseUrl);

            byte[] head = ("--" + Rest.BOUNDARY
                            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.wav\"\r\n"
                            + "Content-Type: audio/wav\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] tail = ("\r\n--" + Rest.BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
            CRC32 sent = new CRC32();
            HttpRequest upload = rest.request("/api/sdk/v1/assets/temporary")
                    .header("Content-Type", "multipart/form-data; boundary=" + Rest.BOUNDARY)
                    .POST(HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofInputStream(
                                    () -> new SequenceInputStream(Collections.enumeration(List.of(
                                            new ByteArrayInputStream(head),
                                            new Pattern200(SIZE, sent),
                                            new ByteArrayInputStream(tail))))),
                            head.length + SIZE + tail.length))
                    .build();
            HttpResponse<byte[]> answer = rest.send(upload);
            assertThat(answer.statusCode()).as(() -> output.toString()).isEqualTo(200);
            JsonNode json = Rest.json(answer);
            assertThat(json.get("size").asLong()).isEqualTo(SIZE);

            HttpResponse<InputStream> download = rest.client.send(
                    rest.request(json.get("uri").asText()).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.headers().firstValue("Content-Length")).hasValue(Long.toString(SIZE));
            assertThat(download.headers().firstValue("Content-Type")).hasValue("audio/wav");
            CRC32 received = new CRC32();
            long count = 0;
            try (InputStream in = download.body()) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    received.update(buffer, 0, n);
                    count += n;
                }
            }
            assertThat(count).isEqualTo(SIZE);
            assertThat(received.getValue()).isEqualTo(sent.getValue());
            assertThat(process.isAlive()).isTrue();
            synchronized (output) {
                assertThat(output.toString()).doesNotContain("OutOfMemoryError");
            }
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** {@code size} generated bytes (never all in memory), folded into {@code crc} as they are read. */
    private static final class Pattern200 extends InputStream {
        private final long size;
        private final CRC32 crc;
        private long produced;

        Pattern200(long size, CRC32 crc) {
            this.size = size;
            this.crc = crc;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (produced >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - produced);
            for (int i = 0; i < n; i++) {
                long p = produced + i;
                b[off + i] = (byte) (p * 31 + (p >>> 11));
            }
            crc.update(b, off, n);
            produced += n;
            return n;
        }
    }
}
