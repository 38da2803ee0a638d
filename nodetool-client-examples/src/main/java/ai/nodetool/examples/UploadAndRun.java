package ai.nodetool.examples;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.messages.AssetRef;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.workflows.Edge;
import ai.nodetool.client.workflows.Graph;
import ai.nodetool.client.workflows.Node;
import ai.nodetool.client.workflows.WorkflowRequest;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Media in and out: gives a local picture to an image workflow and saves the image it returns.
 * {@link AssetRef#of(Path)} in the params makes the SDK upload the file first (or send it inline to a server
 * without upload routes), and {@link NodeToolClient#download(AssetRef, Path)} streams the result to disk.
 *
 * <p>Without a workflow id the example creates a small "echo image" workflow ({@code ImageInput} →
 * {@code Output}) on the server, so it runs against the embedded test server and against a real NodeTool
 * server alike. Give the id of a real image workflow (and the name of its image input) to process the
 * picture instead.
 *
 * <p>Run: {@code ./mvnw -q -pl nodetool-client-examples exec:java
 * -Dexec.mainClass=ai.nodetool.examples.UploadAndRun -Dexec.args="photo.png [workflow-id] [input] [out.png]"}
 */
public final class UploadAndRun {
    /** The image input of the workflow the example creates. */
    public static final String DEFAULT_INPUT = "image";

    /**
     * @param out where to print
     * @param client the client
     * @param picture the local picture
     * @param workflowId the workflow to run, or null to create an echo workflow
     * @param input the name of the workflow's image input
     * @param target where to save the result
     * @return the file written
     */
    public Path run(
            PrintStream out, NodeToolClient client, Path picture, String workflowId, String input, Path target) {
        String id = workflowId != null ? workflowId : createEchoWorkflow(client);
        out.println("Running workflow '" + id + "' on " + picture + "...");
        RunResult result = client.workflows().run(id, Map.of(input, AssetRef.of(picture)));
        AssetRef image = result.outputs().values().stream()
                .flatMap(List::stream)
                .filter(AssetRef.class::isInstance)
                .map(AssetRef.class::cast)
                .reduce((first, second) -> second)
                .orElseThrow(() -> new IllegalStateException("the workflow returned no image: " + result.outputs()));
        client.download(image, target);
        try {
            out.println("Saved the result (" + Files.size(target) + " bytes) to " + target.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    private static String createEchoWorkflow(NodeToolClient client) {
        return client.workflows()
                .create(WorkflowRequest.builder()
                        .name("Echo image (UploadAndRun example)")
                        .graph(Graph.of(
                                List.of(
                                        Node.of("in", "nodetool.input.ImageInput", Map.of("name", DEFAULT_INPUT)),
                                        Node.of("out", "nodetool.output.Output", Map.of("name", "image"))),
                                List.of(Edge.of("e1", "in", "output", "out", "value"))))
                        .build())
                .id();
    }

    /**
     * Writes a small gradient PNG, for runs without a picture of one's own.
     *
     * @param file where to write it
     * @return the file
     */
    public static Path samplePicture(Path file) {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                image.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | 128);
            }
        }
        try {
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * @param args picture (default: a generated sample), workflow id (default: a created echo workflow), image
     *     input name (default {@code image}), output file (default {@code nodetool-result.png})
     * @throws IOException if the sample picture cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path picture = args.length > 0 && !args[0].isEmpty()
                ? Path.of(args[0])
                : samplePicture(Files.createTempFile("nodetool-sample", ".png"));
        String workflowId = args.length > 1 && !args[1].isEmpty() ? args[1] : null;
        String input = args.length > 2 ? args[2] : DEFAULT_INPUT;
        Path target = Path.of(args.length > 3 ? args[3] : "nodetool-result.png");
        try (ExampleServer server = ExampleServer.start()) {
            System.out.println(server.describe());
            new UploadAndRun().run(System.out, server.client(), picture, workflowId, input, target);
        }
    }
}
