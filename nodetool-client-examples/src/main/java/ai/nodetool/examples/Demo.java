package ai.nodetool.examples;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.NotFoundException;
import ai.nodetool.testserver.DemoWorkflowIds;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The guided tour of the SDK (README, "Try it"): lists workflows, runs one and waits, streams one
 * with a progress bar, runs jobs over a WebSocket session with status and cancel, and saves an
 * image, saying in plain words what it does. Uses the embedded test server unless
 * {@code NODETOOL_API_URL} is set (a real server then needs the demo workflows
 * {@code greeting}, {@code sum}, {@code slow} and {@code image}).
 *
 * <p>Run from the repository root:
 * {@code ./mvnw -q -B -ntp -Pdemo -pl nodetool-client-examples -am verify}
 */
public final class Demo {
    /** System property naming the directory the image is saved to (the pom sets target/). */
    public static final String OUTPUT_DIR_PROPERTY = "nodetool.demo.dir";

    /**
     * Runs every step.
     *
     * @param out where to print
     * @param client the client
     * @param interactive true to draw the progress bar in place (a terminal), false for plain lines
     * @param imageFile where to save the image
     * @throws ai.nodetool.client.errors.NodeToolException if a step fails
     */
    public void run(PrintStream out, NodeToolClient client, boolean interactive, Path imageFile) {
        step(out, 1, "list the workflows the server knows");
        new ListWorkflows().run(out, client);

        step(out, 2, "run a workflow and wait for its outputs (a blocking HTTP call)");
        new RunWorkflow().run(out, client, DemoWorkflowIds.GREETING, Map.of("name", "Java developer"));
        new RunWorkflow().run(out, client, DemoWorkflowIds.SUM, Map.of("a", 20, "b", 22));

        step(out, 3, "stream a run (NDJSON) and follow its progress");
        new StreamProgress()
                .run(
                        out,
                        new ProgressBar(out, interactive, DemoWorkflowIds.SLOW),
                        client,
                        DemoWorkflowIds.SLOW,
                        Map.of("steps", 10, "delay_ms", 150));

        step(out, 4, "open a WebSocket session, run jobs at once, ask for status, cancel one");
        new WebSocketJobs().run(out, client, WebSocketJobs.demoJobs());
        out.println();
        new JobStatusCheck().run(out, client, DemoWorkflowIds.SLOW, Map.of("steps", 5, "delay_ms", 100));
        out.println();
        new CancelJob().run(out, client, DemoWorkflowIds.SLOW, Map.of("steps", 100, "delay_ms", 100));

        step(out, 5, "make an image and save it to disk");
        Path saved = new SaveImage().run(out, client, DemoWorkflowIds.IMAGE, 128, 96, imageFile);
        BufferedImage image = readImage(saved);
        out.println("Checked: the file is a " + image.getWidth() + "x" + image.getHeight() + " PNG image.");

        step(out, 6, "upload a picture, run an image workflow on it, save the result");
        Path picture = UploadAndRun.samplePicture(imageFile.resolveSibling("nodetool-demo-input.png"));
        // The test server ships an image filter; against another server the example's echo workflow serves.
        String filter = client.workflows().listAll().stream().anyMatch(w -> DemoWorkflowIds.IMAGE_INVERT.equals(w.id()))
                ? DemoWorkflowIds.IMAGE_INVERT
                : null;
        Path result = new UploadAndRun()
                .run(
                        out,
                        client,
                        picture,
                        filter,
                        UploadAndRun.DEFAULT_INPUT,
                        imageFile.resolveSibling("nodetool-demo-result.png"));
        if (filter != null) {
            int in = readImage(picture).getRGB(0, 0) & 0xFFFFFF;
            int inverted = readImage(result).getRGB(0, 0) & 0xFFFFFF;
            if (inverted != (~in & 0xFFFFFF)) {
                throw new IllegalStateException("the filtered image is not the inverted picture");
            }
            out.println("Checked: the result is the uploaded picture with its colours inverted.");
        }

        out.println();
        out.println("Done. Every step worked.");
    }

    private static void step(PrintStream out, int n, String what) {
        out.println();
        out.println("== Step " + n + " of 6: " + what + " ==");
    }

    private static BufferedImage readImage(Path file) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new IllegalStateException(file + " is not an image ImageIO can read");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /**
     * @param args none
     */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        Path dir = Path.of(System.getProperty(OUTPUT_DIR_PROPERTY, System.getProperty("java.io.tmpdir")));
        try (ExampleServer server = ExampleServer.start()) {
            System.out.println("NodeTool Java SDK demo.");
            System.out.println(server.describe());
            try {
                new Demo()
                        .run(
                                System.out,
                                server.client(),
                                Terminal.isInteractive(),
                                dir.resolve("nodetool-demo-image.png"));
            } catch (NotFoundException e) {
                if (!server.isEmbedded()) {
                    System.out.println("The server has no workflow the demo needs (" + e.getMessage()
                            + "). The demo uses the test server's demo workflows: greeting, sum, slow, image.");
                }
                throw e;
            }
        }
    }
}
