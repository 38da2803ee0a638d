package ai.nodetool.client.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.NotFoundException;
import ai.nodetool.client.internal.codec.MessageCodec;
import ai.nodetool.client.messages.AssetRef;
import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.OneGeneration;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.io.TempDir;

/** Given a run's media output, the user gets its bytes whatever the server generation sent. */
class DownloadServerTest {

    @OneGeneration(value = Generation.CURRENT, token = "tok")
    void currentServerTempUrlIsFetchedWithTheTokenAndSavedToAFile(NodeToolTestServer server, @TempDir Path dir)
            throws Exception {
        try (NodeToolClient client = NodeToolClient.builder()
                .baseUrl(server.baseUrl())
                .apiToken("tok")
                .build()) {
            AssetRef image = client.workflows()
                    .run(DemoWorkflowIds.IMAGE, Map.of("width", 9, "height", 4))
                    .output("image", AssetRef.class);
            assertThat(image.bytes()).isEmpty();

            Path file = client.download(image, dir.resolve("out.png"));

            BufferedImage decoded = ImageIO.read(Files.newInputStream(file));
            assertThat(decoded.getWidth()).isEqualTo(9);
            assertThat(decoded.getHeight()).isEqualTo(4);
            assertThat(server.requests().get(server.requests().size() - 1).header("authorization"))
                    .isEqualTo("Bearer tok");
        }
    }

    @OneGeneration(Generation.LEGACY)
    void legacyInlineContentNeedsNoRequest(NodeToolTestServer server) throws Exception {
        try (NodeToolClient client =
                NodeToolClient.builder().baseUrl(server.baseUrl()).build()) {
            AssetRef image = client.workflows()
                    .run(DemoWorkflowIds.IMAGE, Map.of("width", 3, "height", 2))
                    .output("image", AssetRef.class);
            int before = server.requests().size();
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(client.download(image)));
            assertThat(decoded.getWidth()).isEqualTo(3);
            assertThat(server.requests()).hasSize(before);
        }
    }

    @OneGeneration(Generation.CURRENT)
    void theTokenNeverTravelsToAnotherOrigin(NodeToolTestServer server) throws Exception {
        try (MockWebServer cdn = new MockWebServer();
                NodeToolClient client = NodeToolClient.builder()
                        .baseUrl(server.baseUrl())
                        .apiToken("tok")
                        .build()) {
            cdn.start();
            cdn.enqueue(new MockResponse.Builder()
                    .body(new Buffer().write(new byte[] {1, 2, 3}))
                    .build());
            AssetRef remote = AssetRef.of(
                    MessageCodec.json().readTree("{\"type\":\"image\",\"uri\":\"" + cdn.url("/media/x.png") + "\"}"));

            assertThat(client.download(remote)).containsExactly(1, 2, 3);
            RecordedRequest request = cdn.takeRequest();
            assertThat(request.getHeaders().get("Authorization")).isNull();
        }
    }

    @OneGeneration(Generation.CURRENT)
    void unreachableReferencesAreTypedErrors(NodeToolTestServer server) throws Exception {
        try (NodeToolClient client =
                NodeToolClient.builder().baseUrl(server.baseUrl()).build()) {
            AssetRef persisted = AssetRef.of(MessageCodec.json()
                    .readTree("{\"type\":\"image\",\"uri\":\"asset://abc.png\",\"asset_id\":\"abc\"}"));
            assertThatThrownBy(() -> client.download(persisted))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("asset://abc.png");
            AssetRef gone = AssetRef.of(
                    MessageCodec.json().readTree("{\"type\":\"image\",\"uri\":\"/api/storage/temp/missing.png\"}"));
            assertThatThrownBy(() -> client.download(gone)).isInstanceOf(NotFoundException.class);
        }
    }
}
