package ai.nodetool.testserver.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.OneGeneration;
import ai.nodetool.testserver.junit.ServerConfigurer;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Uploads (protocol-notes §11.8, §11.9) and the storage URLs that serve them, raw HTTP. The 200 MB case
 * is {@link LargeUploadServerTest}.
 */
class AssetUploadServerTest {
    /** A 10-byte upload limit. */
    public static final class TenBytes implements ServerConfigurer {
        @Override
        public void configure(Generation generation, NodeToolTestServer.Builder builder) {
            builder.maxUploadBytes(10);
        }
    }

    @OneGeneration(Generation.CURRENT)
    void temporaryUploadsOfZeroAndOneByteAreStoredAndServed(NodeToolTestServer server) {
        Rest rest = new Rest(server);
        for (byte[] bytes : List.of(new byte[0], new byte[] {(byte) 0xA7})) {
            HttpResponse<byte[]> r =
                    rest.upload("/api/sdk/v1/assets/temporary", new Object[] {"file", "input.png", "image/png", bytes});
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode answer = Rest.json(r);
            assertThat(answer.get("version").asInt()).isEqualTo(1);
            assertThat(answer.get("uri").asText()).matches("/api/storage/temp/sdk-inputs/[0-9a-f-]{36}\\.png");
            assertThat(answer.get("name").asText()).isEqualTo("input.png");
            assertThat(answer.get("content_type").asText()).isEqualTo("image/png");
            assertThat(answer.get("size").asLong()).isEqualTo(bytes.length);
            assertThat(answer.get("expires_at").isNull()).isTrue();

            HttpResponse<byte[]> served = rest.get(answer.get("uri").asText());
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.headers().firstValue("Content-Type")).hasValue("image/png");
            assertThat(served.headers().firstValue("Content-Length")).hasValue(Integer.toString(bytes.length));
            assertThat(served.headers().firstValue("Accept-Ranges")).hasValue("bytes");
            assertThat(served.body()).isEqualTo(bytes);
        }
    }

    @OneGeneration(Generation.CURRENT)
    void theNameAndContentTypeFallBack(NodeToolTestServer server) {
        JsonNode answer = Rest.json(new Rest(server)
                .upload("/api/sdk/v1/assets/temporary", new Object[] {"file", null, null, "abc".getBytes()}));
        assertThat(answer.get("content_type").asText()).isEqualTo("application/octet-stream");
        assertThat(answer.get("name").asText()).matches("[0-9a-f-]{36}\\.bin");
    }

    @OneGeneration(Generation.CURRENT)
    void badTemporaryUploadsGetTheSdkEnvelope(NodeToolTestServer server) {
        Rest rest = new Rest(server);
        assertError(
                rest.postJson("/api/sdk/v1/assets/temporary", "{}"),
                400,
                "INVALID_REQUEST",
                "Expected multipart/form-data");
        assertError(
                rest.upload("/api/sdk/v1/assets/temporary", new Object[] {"other", null, null, "x".getBytes()}),
                400,
                "INVALID_REQUEST",
                "Multipart field 'file' is required");
        byte[] whole = Rest.multipart(new Object[] {"file", "a.bin", null, "0123456789".getBytes()});
        byte[] truncated = Arrays.copyOf(whole, whole.length - 20);
        assertError(
                rest.post("/api/sdk/v1/assets/temporary", "multipart/form-data; boundary=" + Rest.BOUNDARY, truncated),
                400,
                "INVALID_REQUEST",
                "Invalid multipart form data");
    }

    @OneGeneration(value = Generation.CURRENT, configure = TenBytes.class)
    void uploadsOverTheLimitGet413(NodeToolTestServer server) {
        Rest rest = new Rest(server);
        assertThat(Rest.json(rest.get("/api/sdk/v1/capabilities"))
                        .get("limits")
                        .get("max_upload_bytes")
                        .asLong())
                .isEqualTo(10);
        assertThat(rest.upload("/api/sdk/v1/assets/temporary", new Object[] {"file", "a", null, new byte[10]})
                        .statusCode())
                .isEqualTo(200);
        assertError(
                rest.upload("/api/sdk/v1/assets/temporary", new Object[] {"file", "a", null, new byte[11]}),
                413,
                "UPLOAD_TOO_LARGE",
                "Upload exceeds the configured 10 byte limit");
        HttpResponse<byte[]> asset = rest.upload("/api/assets/", new Object[] {"file", "a.bin", null, new byte[11]});
        assertThat(asset.statusCode()).isEqualTo(413);
        assertThat(Rest.json(asset).get("detail").asText()).isEqualTo("Upload exceeds the configured 10 byte limit");
    }

    @OneGeneration(Generation.CURRENT)
    void assetUploadsWithAFileOnlyOrAJsonPartAreServedAtTheirGetUrl(NodeToolTestServer server) {
        Rest rest = new Rest(server);
        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
        // The C# SDK's shape: one "file" part, no "json" part, trailing slash.
        JsonNode asset = Rest.json(rest.upload("/api/assets/", new Object[] {"file", "photo.png", "image/png", png}));
        assertThat(asset.get("id").asText()).isNotEmpty();
        assertThat(asset.get("name").asText()).isEqualTo("photo.png");
        assertThat(asset.get("content_type").asText()).isEqualTo("image/png");
        assertThat(asset.get("size").asLong()).isEqualTo(4);
        assertThat(asset.get("user_id").asText()).isEqualTo("1");
        assertThat(asset.get("parent_id").asText()).isEqualTo("1");
        assertThat(asset.get("get_url").asText())
                .isEqualTo("/api/storage/1/" + asset.get("id").asText() + ".png");
        for (String field :
                List.of("workflow_id", "metadata", "created_at", "thumb_url", "duration", "node_id", "job_id")) {
            assertThat(asset.has(field)).as(field).isTrue();
        }
        HttpResponse<byte[]> served = rest.get(asset.get("get_url").asText());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(png);

        JsonNode named = Rest.json(rest.upload(
                "/api/assets",
                new Object[] {
                    "json", null, "application/json", "{\"name\":\"renamed.wav\",\"workflow_id\":\"w1\"}".getBytes()
                },
                new Object[] {"file", "x.wav", "audio/wav", "RIFF".getBytes()}));
        assertThat(named.get("name").asText()).isEqualTo("renamed.wav");
        assertThat(named.get("workflow_id").asText()).isEqualTo("w1");
        assertThat(named.get("content_type").asText()).isEqualTo("audio/wav");

        JsonNode folder = Rest.json(
                rest.postJson("/api/assets", "{\"name\":\"Folder\",\"content_type\":\"folder\",\"parent_id\":\"1\"}"));
        assertThat(folder.get("content_type").asText()).isEqualTo("folder");
        HttpResponse<byte[]> noName = rest.postJson("/api/assets", "{\"content_type\":\"folder\"}");
        assertThat(noName.statusCode()).isEqualTo(400);
        assertThat(Rest.json(noName).get("detail").asText())
                .isEqualTo("Invalid JSON body: name, content_type, and parent_id are required");
        HttpResponse<byte[]> broken = rest.post(
                "/api/assets",
                "multipart/form-data; boundary=" + Rest.BOUNDARY,
                "--nope".getBytes(StandardCharsets.UTF_8));
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(Rest.json(broken).get("detail").asText()).isEqualTo("Invalid multipart form data");
    }

    @OneGeneration(Generation.CURRENT)
    void storageServesRangesHeadConditionalsAndPut(NodeToolTestServer server) throws Exception {
        Rest rest = new Rest(server);
        byte[] body = "0123456789".getBytes(StandardCharsets.US_ASCII);
        HttpResponse<byte[]> put = rest.send(rest.request("/api/storage/docs/ten.txt")
                .header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
        assertThat(put.statusCode()).isEqualTo(200);

        HttpResponse<byte[]> range = rest.send(rest.request("/api/storage/docs/ten.txt")
                .header("Range", "bytes=2-4")
                .build());
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(new String(range.body(), StandardCharsets.US_ASCII)).isEqualTo("234");
        assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes 2-4/10");
        HttpResponse<byte[]> suffix = rest.send(rest.request("/api/storage/docs/ten.txt")
                .header("Range", "bytes=-3")
                .build());
        assertThat(new String(suffix.body(), StandardCharsets.US_ASCII)).isEqualTo("789");
        HttpResponse<byte[]> unsatisfiable = rest.send(rest.request("/api/storage/docs/ten.txt")
                .header("Range", "bytes=50-")
                .build());
        assertThat(unsatisfiable.statusCode()).isEqualTo(416);
        assertThat(Rest.json(unsatisfiable).get("detail").asText()).isEqualTo("Range Not Satisfiable");

        HttpResponse<byte[]> head = rest.send(rest.request("/api/storage/docs/ten.txt")
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue("10");
        assertThat(head.body()).isEmpty();

        HttpResponse<byte[]> full = rest.get("/api/storage/docs/ten.txt");
        String lastModified = full.headers().firstValue("Last-Modified").orElseThrow();
        assertThat(full.headers().firstValue("Cross-Origin-Resource-Policy")).hasValue("cross-origin");
        HttpResponse<byte[]> notModified = rest.send(rest.request("/api/storage/docs/ten.txt")
                .header("If-Modified-Since", lastModified)
                .build());
        assertThat(notModified.statusCode()).isEqualTo(304);

        HttpResponse<byte[]> missing = rest.get("/api/storage/docs/none.txt");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(Rest.json(missing).get("detail").asText()).isEqualTo("Not found");
    }

    @OneGeneration(Generation.LEGACY)
    void legacyHasNoSdkUploadRoute(NodeToolTestServer server) {
        HttpResponse<byte[]> r = new Rest(server)
                .upload("/api/sdk/v1/assets/temporary", new Object[] {"file", "a.png", "image/png", new byte[] {1}});
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(Rest.json(r).toString()).isEqualTo("{\"detail\":\"Not Found\"}");
    }

    static void assertError(HttpResponse<byte[]> r, int status, String code, String message) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode e = Rest.json(r);
        assertThat(e.get("code").asText()).isEqualTo(code);
        assertThat(e.get("message").asText()).isEqualTo(message);
        assertThat(e.get("retryable").asBoolean()).isFalse();
        assertThat(e.get("detail").asText()).isEqualTo(message);
    }
}
