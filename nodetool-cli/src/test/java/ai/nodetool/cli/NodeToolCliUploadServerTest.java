package ai.nodetool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.messages.AssetRef;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.OneGeneration;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nodetool upload FILE} end to end: the file reaches the server (read back through the SDK), the
 * plain and JSON output describe the created asset, and the failures have their exit codes.
 */
class NodeToolCliUploadServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final Captured out = new Captured();
    private final Captured err = new Captured();

    private int cli(NodeToolTestServer server, String... args) {
        List<String> all = new ArrayList<>(List.of("--url", server.baseUrl()));
        all.addAll(List.of(args));
        return new NodeToolCli(out.stream, err.stream, name -> null, false).run(all.toArray(new String[0]));
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static byte[] readBack(NodeToolTestServer server, JsonNode asset, String type) {
        try (NodeToolClient client =
                NodeToolClient.builder().baseUrl(server.baseUrl()).build()) {
            return client.download(AssetRef.of(JSON.createObjectNode()
                    .put("type", type)
                    .put(
                            "uri",
                            asset.get("get_url") != null
                                            && !asset.get("get_url").isNull()
                                    ? asset.get("get_url").asText()
                                    : asset.get("uri").asText())));
        }
    }

    @OneGeneration(Generation.CURRENT)
    void uploadsAFileAsAnAssetAndPrintsIt(NodeToolTestServer server) throws Exception {
        Path notes = file("notes.txt", "hello from the command line");

        assertThat(cli(server, "upload", notes.toString())).as("%s", err).isEqualTo(NodeToolCli.OK);

        assertThat(out.text())
                .containsPattern("(?m)^id: +\\S+$")
                .contains("name:         notes.txt", "content type: text/plain")
                .doesNotContain("\tat ");
        assertThat(err.text()).contains("Uploaded " + notes);
    }

    @OneGeneration(Generation.CURRENT)
    void asJsonTheServersAnswerIsPrintedAndTheBytesAreOnTheServer(NodeToolTestServer server) throws Exception {
        Path picture = file("data.bin", "0123456789");

        assertThat(cli(
                        server,
                        "upload",
                        picture.toString(),
                        "--json",
                        "--name",
                        "renamed.bin",
                        "--content-type",
                        "image/png"))
                .as("%s", err)
                .isEqualTo(NodeToolCli.OK);

        JsonNode asset = JSON.readTree(out.text());
        assertThat(asset.get("id").asText()).isNotEmpty();
        assertThat(asset.get("name").asText()).isEqualTo("renamed.bin");
        assertThat(asset.get("content_type").asText()).isEqualTo("image/png");
        assertThat(new String(readBack(server, asset, "image"), StandardCharsets.UTF_8))
                .isEqualTo("0123456789");
    }

    @OneGeneration(Generation.CURRENT)
    void temporaryUploadsGiveAUri(NodeToolTestServer server) throws Exception {
        Path clip = file("clip.txt", "temporary bytes");

        assertThat(cli(server, "upload", clip.toString(), "--temporary", "--json"))
                .isEqualTo(NodeToolCli.OK);

        JsonNode answer = JSON.readTree(out.text());
        assertThat(new String(readBack(server, answer, "text"), StandardCharsets.UTF_8))
                .isEqualTo("temporary bytes");
        assertThat(err.text()).contains("to temporary storage");
    }

    /** The legacy test server has no asset routes: both kinds of upload fail with 1 and say why. */
    @OneGeneration(Generation.LEGACY)
    void onAServerWithoutUploadsBothKindsFailWithOne(NodeToolTestServer server) throws Exception {
        Path clip = file("clip.txt", "x");

        assertThat(cli(server, "upload", clip.toString(), "--parent-id", "1")).isEqualTo(NodeToolCli.FAILED);
        assertThat(cli(server, "upload", clip.toString(), "--temporary")).isEqualTo(NodeToolCli.FAILED);

        assertThat(err.text())
                .startsWith("nodetool: asset upload (POST /api/assets) is not supported by this server")
                .contains("nodetool: ", "not supported")
                .doesNotContain("\tat ");
        assertThat(out.text()).isEmpty();
    }

    @OneGeneration(Generation.CURRENT)
    void aMissingFileIsAUsageErrorAndNothingIsSent(NodeToolTestServer server) {
        assertThat(cli(server, "upload", dir.resolve("nope.png").toString())).isEqualTo(NodeToolCli.USAGE);
        assertThat(cli(server, "upload", dir.toString())).isEqualTo(NodeToolCli.USAGE);

        assertThat(err.text()).contains("nodetool: cannot read the file '" + dir.resolve("nope.png") + "'");
        assertThat(server.requests()).noneMatch(r -> r.path().contains("assets"));
    }

    @OneGeneration(Generation.CURRENT)
    void uploadOptionsBelongToUploadOnly(NodeToolTestServer server) {
        assertThat(cli(server, "list", "--temporary")).isEqualTo(NodeToolCli.USAGE);
        assertThat(cli(server, "upload")).isEqualTo(NodeToolCli.USAGE);

        assertThat(err.text()).contains("only apply to 'upload'", "'upload' needs FILE");
    }
}
