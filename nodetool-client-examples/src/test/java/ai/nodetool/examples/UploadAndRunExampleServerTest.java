package ai.nodetool.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.BothGenerations;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;

/** The media example round-trips a picture through a workflow on both generations of the test server. */
class UploadAndRunExampleServerTest {
    @TempDir
    Path dir;

    @BothGenerations
    void thePictureComesBackAsTheSavedResult(NodeToolTestServer server) throws Exception {
        Captured out = new Captured();
        Path picture = UploadAndRun.samplePicture(dir.resolve("in.png"));
        try (NodeToolClient client = ExampleServer.embedded(server).client()) {
            Path saved = new UploadAndRun()
                    .run(out.stream, client, picture, null, UploadAndRun.DEFAULT_INPUT, dir.resolve("out.png"));

            assertThat(Files.readAllBytes(saved)).isEqualTo(Files.readAllBytes(picture));
            BufferedImage decoded = ImageIO.read(saved.toFile());
            assertThat(decoded.getWidth()).isEqualTo(64);
            assertThat(out.text()).contains("Saved the result");
        }
    }
}
