package ai.nodetool.client.assets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.UnsupportedByServerException;
import ai.nodetool.client.messages.AssetRef;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.session.JobSession;
import ai.nodetool.client.session.RunJobRequest;
import ai.nodetool.client.testing.NodeToolClients;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.RecordedRequest;
import ai.nodetool.testserver.junit.BothGenerations;
import ai.nodetool.testserver.junit.OneGeneration;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local file given as a run input reaches today's test server and comes back as the same bytes, on every
 * run path. Neither generation of the test server serves SDK v1 yet, so the client sends the content inline
 * (a {@code data:} URI, protocol-notes §10.1) after one capabilities probe; when the current side gains
 * capabilities and temporary uploads, the same tests exercise the upload instead.
 */
@ExtendWith(NodeToolClients.class)
class MediaInputServerTest {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 1, 2, 3};
    private static final String ECHO = "{\"id\":\"echo-image\",\"name\":\"Echo image\",\"graph\":{\"nodes\":["
            + "{\"id\":\"in\",\"type\":\"nodetool.input.ImageInput\",\"data\":{\"name\":\"image\"}},"
            + "{\"id\":\"out\",\"type\":\"nodetool.output.Output\",\"data\":{\"name\":\"echo\"}}],"
            + "\"edges\":[{\"id\":\"e1\",\"source\":\"in\",\"sourceHandle\":\"output\",\"target\":\"out\","
            + "\"targetHandle\":\"value\"}]}}";

    @TempDir
    Path dir;

    private static AssetRef onlyOutput(RunResult result) {
        assertThat(result.outputs()).hasSize(1);
        List<Object> values = result.outputs().values().iterator().next();
        assertThat(values.get(values.size() - 1)).isInstanceOf(AssetRef.class);
        return (AssetRef) values.get(values.size() - 1);
    }

    private byte[] content(NodeToolClient client, AssetRef asset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        client.download(asset, out);
        return out.toByteArray();
    }

    @BothGenerations
    void aLocalFileIsAnInputOfABlockingAndAStreamedRun(
            NodeToolTestServer server, NodeToolClient client, Generation generation) throws Exception {
        server.registerWorkflow(ECHO);
        Path png = Files.write(dir.resolve("in.png"), PNG);

        RunResult blocking = client.workflows().run("echo-image", Map.of("image", AssetRef.of(png)));
        RunResult streamed = client.workflows().stream("echo-image", Map.of("image", AssetRef.of(PNG, "image/png")))
                .await();

        assertThat(content(client, onlyOutput(blocking))).isEqualTo(PNG);
        assertThat(content(client, onlyOutput(streamed))).isEqualTo(PNG);
        List<RecordedRequest> runs = server.requests().stream()
                .filter(r -> r.path().endsWith("/run"))
                .toList();
        assertThat(runs).hasSize(2);
        if (generation == Generation.LEGACY) {
            // a legacy server takes media inline only
            assertThat(runs.get(0).bodyUtf8()).contains("data:image/png;base64,");
        } else {
            // the current server offers temporary uploads: the file goes up first, the run names it
            assertThat(runs.get(0).bodyUtf8())
                    .contains("\"uri\":\"/api/storage/temp/")
                    .doesNotContain("base64");
            assertThat(server.requests().stream()
                            .filter(r -> r.path().equals("/api/sdk/v1/assets/temporary"))
                            .count())
                    .isEqualTo(2);
        }
        assertThat(server.requests().stream()
                        .filter(r -> r.path().equals("/api/sdk/v1/capabilities"))
                        .count())
                .as("the server generation is probed once per client")
                .isEqualTo(1);
    }

    @BothGenerations
    void aLocalFileIsAnInputOfAWebSocketJob(NodeToolTestServer server, NodeToolClient client) throws Exception {
        server.registerWorkflow(ECHO);
        Path png = Files.write(dir.resolve("in.png"), PNG);

        try (JobSession session = client.connect()) {
            RunResult result = session.runJob(RunJobRequest.builder()
                            .workflowId("echo-image")
                            .param("image", AssetRef.of(png))
                            .build())
                    .result()
                    .get(20, TimeUnit.SECONDS);

            assertThat(content(client, onlyOutput(result))).isEqualTo(PNG);
        }
    }

    @OneGeneration(Generation.LEGACY)
    void aLocalFileIsAnInputOfAWorkerRunAndStream(NodeToolTestServer server, NodeToolClient client) {
        server.registerWorkflow(ECHO);

        RunResult run = client.worker().run("echo-image", Map.of("image", AssetRef.of(PNG, "image/png")));
        RunResult streamed = client.worker().stream("echo-image", Map.of("image", AssetRef.of(PNG, "image/png")))
                .await();

        assertThat(content(client, onlyOutput(run))).isEqualTo(PNG);
        assertThat(content(client, onlyOutput(streamed))).isEqualTo(PNG);
    }

    @OneGeneration(Generation.LEGACY)
    void temporaryUploadsOnALegacyServerAreUnsupported(NodeToolClient client) {
        assertThatThrownBy(() -> client.assets().uploadTemporary(PNG, UploadOptions.of("in.png", "image/png")))
                .isInstanceOfSatisfying(
                        UnsupportedByServerException.class,
                        e -> assertThat(e.serverGeneration()).isEqualTo("legacy (Gen A/B)"));
    }

    @OneGeneration(Generation.CURRENT)
    void aTemporaryUploadOnTheCurrentServerIsServedBack(NodeToolClient client) {
        UploadedAsset uploaded = client.assets().uploadTemporary(PNG, UploadOptions.of("in.png", "image/png"));

        assertThat(uploaded.temporary()).isTrue();
        assertThat(uploaded.uri()).isPresent();
        assertThat(client.download(uploaded.toRef())).isEqualTo(PNG);
    }
}
