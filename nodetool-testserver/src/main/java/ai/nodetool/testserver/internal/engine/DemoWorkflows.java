package ai.nodetool.testserver.internal.engine;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The demo workflows the test server ships, as ready-to-store workflow objects with stable ids and
 * Gen A-style metadata ({@code id, access:"public", created_at, updated_at, name, description, tags,
 * graph, ...}; protocol-notes §4.1). Every accessor returns fresh copies the caller may modify.
 *
 * <table>
 * <caption>Demo workflows</caption>
 * <tr><th>Id</th><th>Inputs (default)</th><th>Outputs</th></tr>
 * <tr><td>{@value #GREETING}</td><td>{@code name} ("World")</td><td>{@code greeting}: "Hello, World!"</td></tr>
 * <tr><td>{@value #SUM}</td><td>{@code a} (2), {@code b} (3)</td><td>{@code sum}: 5</td></tr>
 * <tr><td>{@value #IMAGE}</td><td>{@code width} (64), {@code height} (64)</td><td>{@code image}: PNG asset ref</td></tr>
 * <tr><td>{@value #SLOW}</td><td>{@code steps} (5), {@code delay_ms} (100)</td><td>{@code result}: steps, after
 *   one {@code node_progress} per step</td></tr>
 * <tr><td>{@value #TEXT_STREAM}</td><td>{@code text} ("The quick brown fox jumps over the lazy dog")</td>
 *   <td>{@code text}: one value per word, streamed with {@code chunk}s</td></tr>
 * <tr><td>{@value #FAIL}</td><td>none</td><td>none: the run fails with "Something went wrong"</td></tr>
 * </table>
 */
public final class DemoWorkflows {
    /** Id of the greeting workflow. */
    public static final String GREETING = "greeting";
    /** Id of the sum workflow. */
    public static final String SUM = "sum";
    /** Id of the image pattern workflow. */
    public static final String IMAGE = "image";
    /** Id of the slow steps workflow. */
    public static final String SLOW = "slow";
    /** Id of the text stream workflow. */
    public static final String TEXT_STREAM = "text-stream";
    /** Id of the always-failing workflow. */
    public static final String FAIL = "fail";

    /** Id of the image filter workflow (image in, inverted image out). */
    public static final String IMAGE_INVERT = "image-invert";
    /** Id of the audio length workflow (WAV in, duration out). */
    public static final String AUDIO_DURATION = "audio-duration";

    /** The error message of the {@value #FAIL} workflow. */
    public static final String FAIL_MESSAGE = "Something went wrong";
    /** The default text of the {@value #TEXT_STREAM} workflow. */
    public static final String DEFAULT_STREAM_TEXT = "The quick brown fox jumps over the lazy dog";

    private static final String CREATED_AT = "2026-01-15T09:30:00.000000";
    private static final String UPDATED_AT = "2026-01-15T09:30:00.000000";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private DemoWorkflows() {}

    /** All demo workflows, in a stable order. */
    public static List<ObjectNode> all() {
        return List.of(greeting(), sum(), image(), slow(), textStream(), fail(), imageInvert(), audioDuration());
    }

    /** The demo workflow with this id, if any. */
    public static Optional<ObjectNode> get(String id) {
        return all().stream().filter(w -> w.get("id").asText().equals(id)).findFirst();
    }

    /** StringInput {@code name} → FormatText "Hello, {{name}}!" → Output {@code greeting}. */
    public static ObjectNode greeting() {
        ObjectNode w = workflow(GREETING, "Greeting", "Greets a person by name.", "text", "start");
        ArrayNode nodes = nodes(w);
        node(
                nodes,
                "name_input",
                "nodetool.input.StringInput",
                d -> d.put("name", "name")
                        .put("label", "Name")
                        .put("description", "Who to greet")
                        .put("value", "World"));
        node(nodes, "format", "nodetool.text.FormatText", d -> d.put("template", "Hello, {{name}}!"));
        node(nodes, "greeting_output", "nodetool.output.Output", d -> d.put("name", "greeting"));
        edge(w, "e1", "name_input", "output", "format", "name");
        edge(w, "e2", "format", "output", "greeting_output", "value");
        return w;
    }

    /** IntegerInputs {@code a}, {@code b} → Add → Output {@code sum}. */
    public static ObjectNode sum() {
        ObjectNode w = workflow(SUM, "Sum", "Adds two integers.", "math", "start");
        ArrayNode nodes = nodes(w);
        node(
                nodes,
                "a_input",
                "nodetool.input.IntegerInput",
                d -> d.put("name", "a")
                        .put("label", "A")
                        .put("value", 2)
                        .put("min", -1000)
                        .put("max", 1000));
        node(
                nodes,
                "b_input",
                "nodetool.input.IntegerInput",
                d -> d.put("name", "b")
                        .put("label", "B")
                        .put("value", 3)
                        .put("min", -1000)
                        .put("max", 1000));
        node(nodes, "add", "nodetool.math.Add", d -> {});
        node(nodes, "sum_output", "nodetool.output.Output", d -> d.put("name", "sum"));
        edge(w, "e1", "a_input", "output", "add", "a");
        edge(w, "e2", "b_input", "output", "add", "b");
        edge(w, "e3", "add", "output", "sum_output", "value");
        return w;
    }

    /** IntegerInputs {@code width}, {@code height} (64) → GeneratePattern → ImageOutput {@code image}. */
    public static ObjectNode image() {
        ObjectNode w = workflow(IMAGE, "Image Pattern", "Generates a PNG test pattern of the given size.", "image");
        ArrayNode nodes = nodes(w);
        node(
                nodes,
                "width_input",
                "nodetool.input.IntegerInput",
                d -> d.put("name", "width")
                        .put("label", "Width")
                        .put("value", 64)
                        .put("min", 1)
                        .put("max", 1024));
        node(
                nodes,
                "height_input",
                "nodetool.input.IntegerInput",
                d -> d.put("name", "height")
                        .put("label", "Height")
                        .put("value", 64)
                        .put("min", 1)
                        .put("max", 1024));
        node(nodes, "pattern", "nodetool.image.GeneratePattern", d -> d.put("seed", 42));
        node(nodes, "image_output", "nodetool.output.ImageOutput", d -> d.put("name", "image"));
        edge(w, "e1", "width_input", "output", "pattern", "width");
        edge(w, "e2", "height_input", "output", "pattern", "height");
        edge(w, "e3", "pattern", "output", "image_output", "value");
        return w;
    }

    /** IntegerInputs {@code steps} (5), {@code delay_ms} (100) → Slow → Output {@code result}. */
    public static ObjectNode slow() {
        ObjectNode w =
                workflow(SLOW, "Slow Steps", "Works through steps slowly, reporting progress.", "test", "progress");
        ArrayNode nodes = nodes(w);
        node(
                nodes,
                "steps_input",
                "nodetool.input.IntegerInput",
                d -> d.put("name", "steps")
                        .put("label", "Steps")
                        .put("value", 5)
                        .put("min", 0)
                        .put("max", 1000));
        node(
                nodes,
                "delay_input",
                "nodetool.input.IntegerInput",
                d -> d.put("name", "delay_ms")
                        .put("label", "Delay per step (ms)")
                        .put("value", 100)
                        .put("min", 0)
                        .put("max", 10000));
        node(nodes, "slow", "nodetool.test.Slow", d -> {});
        node(nodes, "result_output", "nodetool.output.Output", d -> d.put("name", "result"));
        edge(w, "e1", "steps_input", "output", "slow", "steps");
        edge(w, "e2", "delay_input", "output", "slow", "delay_ms");
        edge(w, "e3", "slow", "output", "result_output", "value");
        return w;
    }

    /** StringInput {@code text} → TextStream → Output {@code text}. */
    public static ObjectNode textStream() {
        ObjectNode w = workflow(TEXT_STREAM, "Text Stream", "Streams a text word by word.", "text", "streaming");
        ArrayNode nodes = nodes(w);
        node(
                nodes,
                "text_input",
                "nodetool.input.StringInput",
                d -> d.put("name", "text").put("label", "Text").put("value", DEFAULT_STREAM_TEXT));
        node(nodes, "stream", "nodetool.test.TextStream", d -> d.put("delay_ms", 20));
        node(nodes, "text_output", "nodetool.output.Output", d -> d.put("name", "text"));
        edge(w, "e1", "text_input", "output", "stream", "text");
        edge(w, "e2", "stream", "output", "text_output", "value");
        return w;
    }

    /** Fail "Something went wrong" → Output {@code result}. */
    public static ObjectNode fail() {
        ObjectNode w = workflow(FAIL, "Always Fails", "A node fails, and so does the run.", "test", "errors");
        ArrayNode nodes = nodes(w);
        node(nodes, "fail", "nodetool.test.Fail", d -> d.put("message", FAIL_MESSAGE));
        node(nodes, "result_output", "nodetool.output.Output", d -> d.put("name", "result"));
        edge(w, "e1", "fail", "output", "result_output", "value");
        return w;
    }

    /** ImageInput {@code image} → Invert → ImageOutput {@code image}: every pixel's colour inverted, alpha kept. */
    public static ObjectNode imageInvert() {
        ObjectNode w = workflow(IMAGE_INVERT, "Invert Image", "Inverts the colours of an image.", "image", "media");
        ArrayNode nodes = nodes(w);
        node(nodes, "image_input", "nodetool.input.ImageInput", d -> {
            d.put("name", "image").put("label", "Image");
            d.putObject("value")
                    .put("type", "image")
                    .put("uri", "")
                    .putNull("asset_id")
                    .putNull("data");
        });
        node(nodes, "invert", MediaNodes.INVERT, d -> {});
        node(nodes, "image_output", "nodetool.output.ImageOutput", d -> d.put("name", "image"));
        edge(w, "e1", "image_input", "output", "invert", "image");
        edge(w, "e2", "invert", "output", "image_output", "value");
        return w;
    }

    /** AudioInput {@code audio} (a WAV) → Duration → FloatOutput {@code duration} in seconds. */
    public static ObjectNode audioDuration() {
        ObjectNode w = workflow(AUDIO_DURATION, "Audio Length", "Measures the length of a WAV file.", "audio", "media");
        ArrayNode nodes = nodes(w);
        node(nodes, "audio_input", "nodetool.input.AudioInput", d -> {
            d.put("name", "audio").put("label", "Audio");
            d.putObject("value")
                    .put("type", "audio")
                    .put("uri", "")
                    .putNull("asset_id")
                    .putNull("data");
        });
        node(nodes, "duration", MediaNodes.AUDIO_DURATION, d -> {});
        node(nodes, "duration_output", "nodetool.output.FloatOutput", d -> d.put("name", "duration"));
        edge(w, "e1", "audio_input", "output", "duration", "audio");
        edge(w, "e2", "duration", "output", "duration_output", "value");
        return w;
    }

    private static ObjectNode workflow(String id, String name, String description, String... tags) {
        ObjectNode w = JSON.objectNode();
        w.put("id", id);
        w.put("access", "public");
        w.put("created_at", CREATED_AT);
        w.put("updated_at", UPDATED_AT);
        w.put("name", name);
        w.put("tool_name", (String) null);
        w.put("description", description);
        ArrayNode tagArray = w.putArray("tags");
        tagArray.add("demo");
        for (String tag : tags) {
            tagArray.add(tag);
        }
        w.putNull("thumbnail");
        w.putNull("thumbnail_url");
        ObjectNode graph = w.putObject("graph");
        graph.putArray("nodes");
        graph.putArray("edges");
        w.putNull("settings");
        w.putNull("package_name");
        w.putNull("path");
        w.put("run_mode", "workflow");
        w.putNull("workspace_id");
        return w;
    }

    private static ArrayNode nodes(ObjectNode workflow) {
        return (ArrayNode) workflow.get("graph").get("nodes");
    }

    private static void node(ArrayNode nodes, String id, String type, Consumer<ObjectNode> data) {
        ObjectNode n = nodes.addObject();
        n.put("id", id);
        n.putNull("parent_id");
        n.put("type", type);
        data.accept(n.putObject("data"));
        ObjectNode ui = n.putObject("ui_properties");
        ObjectNode position = ui.putObject("position");
        position.put("x", 100 + 250 * (nodes.size() - 1));
        position.put("y", 100);
        n.putObject("dynamic_properties");
    }

    private static void edge(
            ObjectNode workflow, String id, String source, String sourceHandle, String target, String targetHandle) {
        ObjectNode e = ((ArrayNode) workflow.get("graph").get("edges")).addObject();
        e.put("id", id);
        e.put("source", source);
        e.put("sourceHandle", sourceHandle);
        e.put("target", target);
        e.put("targetHandle", targetHandle);
        e.putNull("ui_properties");
    }
}
