package ai.nodetool.client.assets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.NodeToolHttpException;
import ai.nodetool.client.errors.NotFoundException;
import ai.nodetool.client.errors.UnsupportedByServerException;
import ai.nodetool.client.messages.AssetRef;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Uploads and downloads through {@code client.assets()} against the exact answers of protocol-notes §11.8–§11.9. */
class AssetsMockTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final String TEMP_ANSWER = "{\"version\":1,\"uri\":\"/api/storage/temp/sdk-inputs/5b0e.png\","
            + "\"name\":\"in.png\",\"content_type\":\"image/png\",\"size\":3,\"expires_at\":null}";
    private static final String ASSET_ANSWER =
            "{\"id\":\"a1\",\"user_id\":\"1\",\"workflow_id\":null,\"parent_id\":\"1\","
                    + "\"name\":\"in.png\",\"content_type\":\"image/png\",\"size\":3,\"metadata\":null,"
                    + "\"created_at\":\"2026-08-25T10:00:00Z\",\"get_url\":\"/api/storage/1/a1.png\",\"thumb_url\":null,"
                    + "\"duration\":null,\"node_id\":null,\"job_id\":null}";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private NodeToolClient client;

    @TempDir
    Path dir;

    private NodeToolClient client() {
        client = NodeToolClient.builder()
                .baseUrl(server.url("/").toString())
                .apiToken(null)
                .sleeper(d -> {})
                .build();
        return client;
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(10, TimeUnit.SECONDS);
        assertThat(r).as("request reached the server").isNotNull();
        return r;
    }

    private void answer(int code, String json) {
        server.enqueue(new MockResponse.Builder()
                .code(code)
                .addHeader("Content-Type", "application/json")
                .body(json)
                .build());
    }

    @Test
    void fileUploadIsAMultipartFilePartAloneAndBecomesAnAssetIdReference() throws Exception {
        Path png = Files.write(dir.resolve("in.png"), new byte[] {1, 2, 3});
        answer(200, ASSET_ANSWER);

        UploadedAsset asset = client().assets().upload(png);

        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/api/assets");
        assertThat(r.getHeaders().get("Content-Type")).startsWith("multipart/form-data; boundary=");
        assertThat(r.getHeaders().get("Content-Length")).isNotNull();
        Map<String, Multipart.Part> parts = Multipart.parts(r);
        assertThat(parts).containsOnlyKeys("file");
        assertThat(parts.get("file").disposition()).contains("filename=\"in.png\"");
        assertThat(parts.get("file").contentType()).isEqualTo("image/png");
        assertThat(parts.get("file").bytes()).containsExactly(1, 2, 3);

        assertThat(asset.temporary()).isFalse();
        assertThat(asset.assetId()).contains("a1");
        assertThat(asset.uri()).contains("/api/storage/1/a1.png");
        assertThat(asset.size()).contains(3L);
        JsonNode ref = M.valueToTree(asset.toRef());
        assertThat(ref).isEqualTo(M.readTree("{\"type\":\"image\",\"asset_id\":\"a1\",\"uri\":\"asset://a1.png\"}"));
    }

    @Test
    void aParentIdAddsTheJsonPartLegacyServersRequire() throws Exception {
        answer(200, ASSET_ANSWER);

        client().assets()
                .upload(
                        "hello".getBytes(StandardCharsets.UTF_8),
                        UploadOptions.builder()
                                .name("note.txt")
                                .contentType("text/plain")
                                .parentId("user-7")
                                .workflowId("wf1")
                                .build());

        Map<String, Multipart.Part> parts = Multipart.parts(take());
        assertThat(parts).containsOnlyKeys("json", "file");
        assertThat(M.readTree(parts.get("json").bytes()))
                .isEqualTo(M.readTree("{\"name\":\"note.txt\",\"content_type\":\"text/plain\",\"parent_id\":\"user-7\","
                        + "\"workflow_id\":\"wf1\"}"));
        assertThat(new String(parts.get("file").bytes(), StandardCharsets.UTF_8))
                .isEqualTo("hello");
    }

    @Test
    void streamOfUnknownLengthIsSentChunkedToTheTemporaryRoute() throws Exception {
        answer(200, TEMP_ANSWER);
        byte[] content = new byte[100_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }

        UploadedAsset upload = client().assets()
                .uploadTemporary(new ByteArrayInputStream(content), UploadOptions.of("in.png", "image/png"));

        RecordedRequest r = take();
        assertThat(r.getUrl().encodedPath()).isEqualTo("/api/sdk/v1/assets/temporary");
        assertThat(r.getHeaders().get("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(r.getHeaders().get("Content-Length")).isNull();
        assertThat(Multipart.parts(r).get("file").bytes()).isEqualTo(content);
        assertThat(upload.temporary()).isTrue();
        assertThat(upload.assetId()).isEmpty();
        assertThat(M.<JsonNode>valueToTree(upload.toRef()))
                .isEqualTo(M.readTree("{\"type\":\"image\",\"uri\":\"/api/storage/temp/sdk-inputs/5b0e.png\"}"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void emptyAndOneByteUploadsArriveExactly(int size) throws Exception {
        byte[] content = new byte[size];
        if (size == 1) {
            content[0] = 42;
        }
        Path file = Files.write(dir.resolve("tiny.bin"), content);
        answer(200, TEMP_ANSWER);
        answer(200, TEMP_ANSWER);
        answer(200, ASSET_ANSWER);

        client().assets().uploadTemporary(file);
        client().assets().uploadTemporary(new ByteArrayInputStream(content), UploadOptions.of("t.bin", "x/y"));
        client().assets().upload(content, UploadOptions.of("t.bin", "application/octet-stream"));

        for (int i = 0; i < 3; i++) {
            Multipart.Part part = Multipart.parts(take()).get("file");
            assertThat(part.bytes()).isEqualTo(content);
        }
    }

    @Test
    void uploadTooLargeKeepsTheEnvelopeCodeReadable() {
        answer(
                413,
                "{\"code\":\"UPLOAD_TOO_LARGE\",\"message\":\"Upload exceeds the configured 10 byte limit\","
                        + "\"retryable\":false}");

        assertThatThrownBy(
                        () -> client().assets().uploadTemporary(new byte[20], UploadOptions.of("a.png", "image/png")))
                .isInstanceOfSatisfying(NodeToolHttpException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(413);
                    assertThat(e.errorCode()).contains("UPLOAD_TOO_LARGE");
                    assertThat(e.retryable()).contains(false);
                    assertThat(e.errorMessage()).isEqualTo("Upload exceeds the configured 10 byte limit");
                });
    }

    @Test
    void temporaryUploadOnALegacyServerIsUnsupportedNotA404() {
        answer(404, "{\"detail\":\"Not Found\"}");

        assertThatThrownBy(() -> client().assets().uploadTemporary(new byte[1], UploadOptions.of("a.png", "image/png")))
                .isInstanceOfSatisfying(UnsupportedByServerException.class, e -> {
                    assertThat(e.serverGeneration()).isEqualTo("legacy (Gen A/B)");
                    assertThat(e.feature()).contains("/api/sdk/v1/assets/temporary");
                    assertThat(e.getCause()).isInstanceOf(NotFoundException.class);
                });
    }

    @Test
    void downloadStreamsAUrlToAFileAndToAStream() throws Exception {
        byte[] content = new byte[300_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i % 251);
        }
        for (int i = 0; i < 2; i++) {
            server.enqueue(new MockResponse.Builder()
                    .addHeader("Content-Type", "video/mp4")
                    .body(new Buffer().write(content))
                    .build());
        }
        AssetRef video = AssetRef.of(M.readTree("{\"type\":\"video\",\"uri\":\"/api/storage/temp/v.mp4\"}"));

        long written = client().assets().download(video, dir.resolve("v.mp4"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long streamed = client().download(video, out);

        assertThat(written).isEqualTo(content.length);
        assertThat(Files.readAllBytes(dir.resolve("v.mp4"))).isEqualTo(content);
        assertThat(streamed).isEqualTo(content.length);
        assertThat(out.toByteArray()).isEqualTo(content);
        assertThat(take().getUrl().encodedPath()).isEqualTo("/api/storage/temp/v.mp4");
    }

    @Test
    void downloadOfInlineContentSendsNothing() throws Exception {
        AssetRef inline = AssetRef.of(M.readTree("{\"type\":\"image\",\"uri\":\"data:image/png;base64,AQID\"}"));
        Path file = client().download(inline, dir.resolve("x.png"));
        assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3);
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void failedDownloadIsAnHttpError() {
        answer(404, "{\"detail\":\"Not found\"}");
        AssetRef gone = AssetRef.of(M.valueToTree(Map.of("type", "image", "uri", "/api/storage/temp/gone.png")));
        assertThatThrownBy(() -> client().download(gone, new ByteArrayOutputStream()))
                .isInstanceOf(NotFoundException.class);
    }
}
