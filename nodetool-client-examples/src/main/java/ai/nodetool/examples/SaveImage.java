package ai.nodetool.examples;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.messages.AssetRef;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.testserver.DemoWorkflowIds;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs the demo {@code image} workflow and saves its PNG output to a file. The image arrives
 * inline (a {@code data:} URI or raw bytes) from legacy servers and as a temporary URL from current
 * ones; {@link NodeToolClient#download(AssetRef)} handles both.
 *
 * <p>Run: {@code ./mvnw -q -pl nodetool-client-examples exec:java
 * -Dexec.mainClass=ai.nodetool.examples.SaveImage -Dexec.args="pattern.png 128 96"}
 */
public final class SaveImage {
    /**
     * @param out where to print
     * @param client the client
     * @param workflowId a workflow with an image output named {@code image} and integer inputs
     *     {@code width} and {@code height}
     * @param width image width
     * @param height image height
     * @param file where to write the image
     * @return the file written
     * @throws IllegalStateException if the workflow produced no image
     * @throws UncheckedIOException if the file cannot be written
     */
    public Path run(PrintStream out, NodeToolClient client, String workflowId, int width, int height, Path file) {
        out.println("Running workflow '" + workflowId + "' to make a " + width + "x" + height + " image...");
        RunResult result = client.workflows().run(workflowId, Map.of("width", width, "height", height));
        Object value = Show.output(result, "image");
        if (!(value instanceof AssetRef)) {
            throw new IllegalStateException("the workflow produced no image output, got " + Show.value(value));
        }
        AssetRef image = (AssetRef) value;
        // Inline bytes (legacy servers) or a download of the temporary URL (current servers).
        byte[] bytes = client.download(image);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
        out.println("Saved the " + format(bytes, image) + " image (" + bytes.length + " bytes) to "
                + file.toAbsolutePath());
        return file;
    }

    /** Names the format from the bytes' signature: some servers label every data URI octet-stream. */
    private static String format(byte[] bytes, AssetRef image) {
        if (bytes.length >= 8 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G') {
            return "PNG";
        }
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8) {
            return "JPEG";
        }
        return image.mimeType().orElse("unknown");
    }

    /**
     * @param args optional file name (default {@code nodetool-image.png}), width and height (default 128 96)
     */
    public static void main(String[] args) {
        Path file = Path.of(args.length > 0 ? args[0] : "nodetool-image.png");
        int width = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int height = args.length > 2 ? Integer.parseInt(args[2]) : 96;
        try (ExampleServer server = ExampleServer.start()) {
            System.out.println(server.describe());
            new SaveImage().run(System.out, server.client(), DemoWorkflowIds.IMAGE, width, height, file);
        }
    }
}
