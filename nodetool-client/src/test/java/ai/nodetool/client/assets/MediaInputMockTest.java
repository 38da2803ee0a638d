package ai.nodetool.client.assets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.messages.AssetRef;
import ai.nodetool.client.messages.RunResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local file or byte array in a run's params reaches the server in the form the server takes: a temporary
 * upload when capabilities offer it, {@code POST /api/assets} when they do not, inline {@code data:} URIs on a
 * server without SDK v1 (protocol-notes §10.1, §11.4, §11.8, §11.9). Every HTTP run path is covered; the
 * WebSocket path is in {@code MediaInputServerTest}.
 */
class MediaInputMockTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final String GEN_C_RUN = "{\"job_id\":\"j1\",\"workflow_id\":\"wf1\",\"status\":\"completed\","
            + "\"outputs\":{\"out\":[\"ok\"]},\"error\":null,\"message_count\":3,\"background\":false}";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private NodeToolClient client;
    private final List<RecordedRequest> seen = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    private NodeToolClient client(String capabilitiesStatusAndBody) {
        int code = Integer.parseInt(capabilitiesStatusAndBody.substring(0, 3));
        String caps = capabilitiesStatusAndBody.substring(4);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                seen.add(r);
                String path = r.getUrl().encodedPath();
                String body;
                int status = 200;
                if (path.equals("/api/sdk/v1/capabilities")) {
                    status = code;
                    body = caps;
                } else if (path.equals("/api/sdk/v1/assets/temporary")) {
                    body = "{\"version\":1,\"uri\":\"/api/storage/temp/sdk-inputs/t" + seen.size()
                            + ".png\",\"name\":\"x\",\"content_type\":\"image/png\",\"size\":3,\"expires_at\":null}";
                } else if (path.equals("/api/assets")) {
                    body = "{\"id\":\"a" + seen.size()
                            + "\",\"name\":\"cat.png\",\"content_type\":\"image/png\",\"size\":3,"
                            + "\"get_url\":\"/api/storage/1/a.png\"}";
                } else if (path.endsWith("/run")) {
                    body = GEN_C_RUN;
                } else {
                    status = 404;
                    body = "{\"detail\":\"Not found\"}";
                }
                return new MockResponse.Builder()
                        .code(status)
                        .addHeader("Content-Type", "application/json")
                        .body(body)
                        .build();
            }
        });
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

    private static String capabilities(String temporaryUpload) {
        return "200 {\"protocol_version\":\"1\",\"nodetool_version\":\"0.8.1\",\"profiles\":{\"discovery\":\"available\","
                + "\"execution\":\"available\",\"preflight\":\"available\",\"temporary_asset_upload\":\""
                + temporaryUpload
                + "\"},\"limits\":{\"max_inline_bytes\":0,\"max_upload_bytes\":104857600}}";
    }

    private List<String> paths() {
        List<String> out = new ArrayList<>();
        seen.forEach(r -> out.add(r.getMethod() + " " + r.getUrl().encodedPath()));
        return out;
    }

    private JsonNode runParams() throws Exception {
        for (RecordedRequest r : seen) {
            if (r.getUrl().encodedPath().endsWith("/run")) {
                return M.readTree(r.getBody().utf8()).get("params");
            }
        }
        throw new AssertionError("no run request among " + paths());
    }

    @Test
    void blockingRunUploadsALocalFileTemporarilyFirst() throws Exception {
        Path png = Files.write(dir.resolve("cat.png"), new byte[] {1, 2, 3});

        RunResult result = client(capabilities("available"))
                .workflows()
                .run("wf1", Map.of("image", AssetRef.of(png), "prompt", "a cat"));

        assertThat(result.output("out")).isEqualTo("ok");
        assertThat(paths())
                .containsExactly(
                        "GET /api/sdk/v1/capabilities",
                        "POST /api/sdk/v1/assets/temporary",
                        "POST /api/workflows/wf1/run");
        JsonNode params = runParams();
        assertThat(params.get("image"))
                .isEqualTo(M.readTree("{\"type\":\"image\",\"uri\":\"/api/storage/temp/sdk-inputs/t2.png\"}"));
        assertThat(params.get("prompt").asText()).isEqualTo("a cat");
        assertThat(Multipart.parts(seen.get(1)).get("file").bytes()).containsExactly(1, 2, 3);
    }

    @Test
    void withoutTemporaryUploadsTheFileBecomesAStoredAsset() throws Exception {
        client(capabilities("unavailable"))
                .workflows()
                .run("wf1", Map.of("image", AssetRef.of(new byte[] {7}, "image/png")));

        assertThat(paths())
                .containsExactly("GET /api/sdk/v1/capabilities", "POST /api/assets", "POST /api/workflows/wf1/run");
        assertThat(runParams().get("image"))
                .isEqualTo(M.readTree("{\"type\":\"image\",\"asset_id\":\"a2\",\"uri\":\"asset://a2.png\"}"));
    }

    @Test
    void withTheLifecycleSwitchedOffTheFileBecomesAStoredAsset() throws Exception {
        client(
                        "503 {\"code\":\"SDK_LIFECYCLE_DISABLED\",\"message\":\"SDK lifecycle v1 is disabled\",\"retryable\":false}")
                .workflows()
                .run("wf1", Map.of("image", AssetRef.of(new byte[] {7}, "image/png")));

        // The 503 itself may be retried like any GET; what follows is the stored-asset upload.
        assertThat(paths()).startsWith("GET /api/sdk/v1/capabilities");
        assertThat(paths()).endsWith("POST /api/assets", "POST /api/workflows/wf1/run");
        assertThat(paths()).doesNotContain("POST /api/sdk/v1/assets/temporary");
    }

    @Test
    void aServerWithoutSdkV1GetsTheContentInlineAsADataUri() throws Exception {
        byte[] content = {(byte) 0x89, 'P', 'N', 'G'};
        client("404 {\"detail\":\"Not Found\"}")
                .workflows()
                .run("wf1", Map.of("image", AssetRef.of(content, "image/png")));

        assertThat(paths()).containsExactly("GET /api/sdk/v1/capabilities", "POST /api/workflows/wf1/run");
        assertThat(runParams().get("image"))
                .isEqualTo(M.readTree("{\"type\":\"image\",\"uri\":\"data:image/png;base64,"
                        + Base64.getEncoder().encodeToString(content) + "\"}"));
    }

    @Test
    void capabilitiesAreAskedOnceAndNestedAndRepeatedAssetsAreUploadedOnce() throws Exception {
        NodeToolClient c = client(capabilities("available"));
        AssetRef a = AssetRef.of(new byte[] {1}, "image/png");
        AssetRef b = AssetRef.of(new byte[] {2}, "audio/mpeg");

        c.workflows().run("wf1", Map.of("images", List.of(a, a), "nested", Map.of("clip", b)));
        c.workflows().run("wf1", Map.of("text", "no media"));

        assertThat(paths())
                .containsExactly(
                        "GET /api/sdk/v1/capabilities",
                        "POST /api/sdk/v1/assets/temporary",
                        "POST /api/sdk/v1/assets/temporary",
                        "POST /api/workflows/wf1/run",
                        "POST /api/workflows/wf1/run");
        JsonNode params = runParams();
        assertThat(params.get("images").get(0)).isEqualTo(params.get("images").get(1));
        assertThat(params.get("nested").get("clip").get("type").asText()).isEqualTo("audio");
    }

    @Test
    void streamedAndAsyncRunsResolveTheirAssetsToo() throws Exception {
        NodeToolClient c = client(capabilities("available"));

        RunResult streamed = c.workflows().stream("wf1", Map.of("image", AssetRef.of(new byte[] {1}, "image/png")))
                .await();
        RunResult async = c.workflows()
                .runAsync("wf1", Map.of("image", AssetRef.of(new byte[] {2}, "image/png")))
                .get(10, TimeUnit.SECONDS);

        assertThat(streamed.output("out")).isEqualTo("ok");
        assertThat(async.output("out")).isEqualTo("ok");
        assertThat(paths())
                .containsExactly(
                        "GET /api/sdk/v1/capabilities",
                        "POST /api/sdk/v1/assets/temporary",
                        "POST /api/workflows/wf1/run",
                        "POST /api/sdk/v1/assets/temporary",
                        "POST /api/workflows/wf1/run");
    }

    @Test
    void anOutputAssetRefCanBePassedBackAsAnInputUnchanged() throws Exception {
        AssetRef earlier =
                AssetRef.of(M.readTree("{\"type\":\"image\",\"uri\":\"/api/storage/temp/x.png\",\"data\":null}"));

        client(capabilities("available")).workflows().run("wf1", Map.of("image", earlier));

        assertThat(paths()).containsExactly("POST /api/workflows/wf1/run");
        assertThat(runParams().get("image")).isEqualTo(earlier.raw());
    }

    @Test
    void anUnreadableLocalFileFailsBeforeTheRunIsSent() {
        NodeToolClient c = client(capabilities("available"));
        assertThatThrownBy(() -> c.workflows().run("wf1", Map.of("image", AssetRef.of(dir.resolve("missing.png")))))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("missing.png");
        assertThat(paths()).doesNotContain("POST /api/workflows/wf1/run");
    }
}
