package ai.nodetool.testserver.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/** The node types the engine executes; see the table on {@link WorkflowEngine}. */
final class Nodes {
    static final String INPUT_PREFIX = "nodetool.input.";
    static final String OUTPUT_PREFIX = "nodetool.output.";
    static final String TEXT_STREAM = "nodetool.test.TextStream";

    /** Runs one node; returns its output map keyed by output handle. */
    @FunctionalInterface
    interface Kind {
        ObjectNode process(NodeContext ctx);
    }

    /** Input classes with their coercion (Gen A clients send numbers as strings, protocol-notes §13.2). */
    static final Map<String, UnaryOperator<JsonNode>> INPUT_COERCIONS = Map.of(
            "StringInput",
            Values::toText,
            "IntegerInput",
            Values::toInteger,
            "FloatInput",
            Values::toFloat,
            "BooleanInput",
            Values::toBoolean,
            "ImageInput",
            UnaryOperator.identity(),
            "AudioInput",
            UnaryOperator.identity(),
            "VideoInput",
            UnaryOperator.identity(),
            "DocumentInput",
            UnaryOperator.identity());

    private static final Map<String, JsonNode> INPUT_DEFAULTS = Map.of(
            "StringInput", TextNode.valueOf(""),
            "IntegerInput", IntNode.valueOf(0),
            "FloatInput", DoubleNode.valueOf(0.0),
            "BooleanInput", BooleanNode.FALSE);

    private static final Map<String, Kind> PROCESSORS = Map.ofEntries(
            Map.entry("nodetool.text.FormatText", Nodes::formatText),
            Map.entry("nodetool.text.Concat", Nodes::concat),
            Map.entry("nodetool.math.Add", ctx -> arithmetic(ctx, '+')),
            Map.entry("nodetool.math.Subtract", ctx -> arithmetic(ctx, '-')),
            Map.entry("nodetool.math.Multiply", ctx -> arithmetic(ctx, '*')),
            Map.entry("nodetool.math.Divide", ctx -> arithmetic(ctx, '/')),
            Map.entry("nodetool.image.GeneratePattern", Nodes::generatePattern),
            Map.entry("nodetool.test.Slow", Nodes::slow),
            Map.entry(TEXT_STREAM, Nodes::textStream),
            Map.entry("nodetool.test.Fail", Nodes::fail),
            Map.entry("nodetool.test.Log", Nodes::log),
            Map.entry(MediaNodes.INVERT, MediaNodes::invert),
            Map.entry(MediaNodes.GRAYSCALE, MediaNodes::grayscale),
            Map.entry(MediaNodes.AUDIO_DURATION, MediaNodes::audioDuration));

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\}\\}");

    private Nodes() {}

    static boolean isKnown(String type) {
        return kind(type) != null;
    }

    /** The behaviour of a node type, or null when the engine does not know it. */
    static Kind kind(String type) {
        if (type.startsWith(INPUT_PREFIX)) {
            String simple = type.substring(INPUT_PREFIX.length());
            return INPUT_COERCIONS.containsKey(simple) ? ctx -> input(ctx, simple) : null;
        }
        if (type.startsWith(OUTPUT_PREFIX) && type.length() > OUTPUT_PREFIX.length()) {
            return Nodes::output;
        }
        return PROCESSORS.get(type);
    }

    /** Declared type of an output node's value, as in {@code output_update.output_type}. */
    static String outputType(String type) {
        String simple = type.substring(type.lastIndexOf('.') + 1);
        switch (simple) {
            case "StringOutput":
                return "str";
            case "IntegerOutput":
                return "int";
            case "FloatOutput":
                return "float";
            case "BooleanOutput":
                return "bool";
            case "ImageOutput":
                return "image";
            case "AudioOutput":
                return "audio";
            case "VideoOutput":
                return "video";
            case "DocumentOutput":
                return "document";
            default:
                return "any";
        }
    }

    private static ObjectNode single(JsonNode value) {
        ObjectNode out = NodeContext.JSON.objectNode();
        out.set("output", value == null ? NullNode.getInstance() : value);
        return out;
    }

    // protocol-notes §5.1: params are keyed by the input node's `name`; a missing key falls back to its `value`.
    private static ObjectNode input(NodeContext ctx, String simple) {
        String name = ctx.node.ioName();
        JsonNode raw = ctx.params.get(name);
        if (raw == null || raw.isNull()) {
            raw = ctx.node.data().get("value");
        }
        JsonNode value;
        try {
            value = INPUT_COERCIONS.get(simple).apply(raw);
        } catch (IllegalArgumentException e) {
            throw new NodeFailure("Invalid value for input '" + name + "': " + e.getMessage());
        }
        return single(value != null ? value : INPUT_DEFAULTS.getOrDefault(simple, NullNode.getInstance()));
    }

    private static ObjectNode output(NodeContext ctx) {
        JsonNode value = ctx.input("value");
        List<JsonNode> stream = ctx.inputStreams.get("value");
        if (stream != null) {
            // A streaming producer: one appended update per item, as Gen C relays streaming outputs.
            for (JsonNode item : stream) {
                ObjectNode update = outputUpdate(ctx, item);
                update.put("disposition", "append");
                ctx.outputUpdates.add(update);
            }
        } else {
            ctx.outputUpdates.add(outputUpdate(ctx, value));
        }
        return single(value);
    }

    private static ObjectNode outputUpdate(NodeContext ctx, JsonNode value) {
        ObjectNode m = ctx.messageFor("output_update");
        m.put("node_name", ctx.node.title());
        m.put("output_name", ctx.node.outputName());
        m.set("value", value == null ? NullNode.getInstance() : value);
        m.put("output_type", outputType(ctx.node.type()));
        m.set("metadata", NodeContext.JSON.objectNode());
        return m;
    }

    private static ObjectNode formatText(NodeContext ctx) {
        String template = ctx.textInput("template", "");
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            // Like a Jinja template: an undefined name renders as empty text.
            m.appendReplacement(out, Matcher.quoteReplacement(Values.text(ctx.input(m.group(1)))));
        }
        m.appendTail(out);
        return single(TextNode.valueOf(out.toString()));
    }

    private static ObjectNode concat(NodeContext ctx) {
        return single(TextNode.valueOf(ctx.textInput("a", "") + ctx.textInput("b", "")));
    }

    private static ObjectNode arithmetic(NodeContext ctx, char op) {
        JsonNode a = ctx.input("a");
        JsonNode b = ctx.input("b");
        if (op != '/') {
            Long la = integralOrNull(a);
            Long lb = integralOrNull(b);
            if (la != null && lb != null) {
                try {
                    long r = op == '+'
                            ? Math.addExact(la, lb)
                            : op == '-' ? Math.subtractExact(la, lb) : Math.multiplyExact(la, lb);
                    return single(Values.integer(r));
                } catch (ArithmeticException overflow) {
                    // fall through to floating point
                }
            }
        }
        double da = number(ctx, "a", a);
        double db = number(ctx, "b", b);
        if (op == '/' && db == 0.0) {
            throw new NodeFailure("Division by zero");
        }
        double r = op == '+' ? da + db : op == '-' ? da - db : op == '*' ? da * db : da / db;
        return single(DoubleNode.valueOf(r));
    }

    private static Long integralOrNull(JsonNode v) {
        if (v == null) {
            return 0L;
        }
        if (v.isFloatingPointNumber()) {
            return null; // 2.0 stays a float, like Python's 2.0 + 1
        }
        try {
            JsonNode i = Values.toInteger(v);
            return v.isTextual() && v.asText().contains(".") ? null : i.longValue();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static double number(NodeContext ctx, String name, JsonNode v) {
        try {
            JsonNode d = Values.toFloat(v);
            return d == null ? 0.0 : d.doubleValue();
        } catch (IllegalArgumentException e) {
            throw new NodeFailure("Input '" + name + "' of " + ctx.node.title() + ": " + e.getMessage());
        }
    }

    private static ObjectNode generatePattern(NodeContext ctx) {
        int width = (int) ctx.longInput("width", 64, 1, 4096);
        int height = (int) ctx.longInput("height", 64, 1, 4096);
        long seed = ctx.longInput("seed", 0, Long.MIN_VALUE, Long.MAX_VALUE);
        Random random = new Random(seed);
        int base = parseColor(ctx, ctx.input("color"), random.nextInt(0x1000000));
        int other = ~base & 0xFFFFFF;
        int cell = 4 + random.nextInt(13);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int c = ((x / cell + y / cell) & 1) == 0 ? base : other;
                // A horizontal brightness ramp so that images of different sizes differ visibly.
                double shade = 0.6 + 0.4 * x / Math.max(1, width - 1);
                int r = (int) (((c >> 16) & 0xFF) * shade);
                int g = (int) (((c >> 8) & 0xFF) * shade);
                int bl = (int) ((c & 0xFF) * shade);
                image.setRGB(x, y, (r << 16) | (g << 8) | bl);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", png)) {
                throw new NodeFailure("No PNG encoder available");
            }
        } catch (IOException e) {
            throw new NodeFailure("PNG encoding failed: " + e.getMessage());
        }
        // protocol-notes §10.1: an asset ref carrying the bytes inline; the protocol layer picks the media encoding.
        ObjectNode ref = NodeContext.JSON.objectNode();
        ref.put("type", "image");
        ref.put("uri", "");
        ref.putNull("asset_id");
        ref.set("data", BinaryNode.valueOf(png.toByteArray()));
        ref.putNull("metadata");
        return single(ref);
    }

    private static int parseColor(NodeContext ctx, JsonNode color, int fallback) {
        if (color == null || Values.text(color).isEmpty()) {
            return fallback;
        }
        String s = Values.text(color).trim();
        if (s.matches("#?[0-9a-fA-F]{6}")) {
            return Integer.parseInt(s.startsWith("#") ? s.substring(1) : s, 16);
        }
        throw new NodeFailure("Input 'color' of " + ctx.node.title() + " must look like #rrggbb, got " + s);
    }

    private static ObjectNode slow(NodeContext ctx) {
        long steps = ctx.longInput("steps", 3, 0, 100_000);
        long delay = ctx.longInput("delay_ms", 100, 0, 600_000);
        for (long i = 1; i <= steps; i++) {
            ctx.sleep(delay);
            ObjectNode progress = ctx.messageFor("node_progress");
            progress.put("progress", i);
            progress.put("total", steps);
            ctx.emit(progress);
        }
        JsonNode value = ctx.input("value");
        return single(value != null ? value : Values.integer(steps));
    }

    private static ObjectNode textStream(NodeContext ctx) {
        long delay = ctx.longInput("delay_ms", 0, 0, 600_000);
        List<JsonNode> items = new ArrayList<>();
        JsonNode words = ctx.input("words");
        if (words != null && words.isArray()) {
            words.forEach(w -> items.add(TextNode.valueOf(Values.text(w))));
        } else {
            // Keep each word's trailing whitespace so that appending the items rebuilds the text exactly.
            for (String token : ctx.textInput("text", "").split("(?<=\\s)(?=\\S)")) {
                if (!token.isEmpty()) {
                    items.add(TextNode.valueOf(token));
                }
            }
        }
        StringBuilder full = new StringBuilder();
        for (JsonNode item : items) {
            if (delay > 0) {
                ctx.sleep(delay);
            }
            full.append(item.asText());
            ctx.emit(chunk(ctx, item.asText(), false));
        }
        ctx.emit(chunk(ctx, "", true));
        ctx.outputStreams.put("output", items);
        return single(TextNode.valueOf(full.toString()));
    }

    private static ObjectNode chunk(NodeContext ctx, String content, boolean done) {
        ObjectNode m = ctx.messageFor("chunk");
        m.put("content", content);
        m.put("content_type", "text");
        m.put("done", done);
        return m;
    }

    private static ObjectNode fail(NodeContext ctx) {
        throw new NodeFailure(ctx.textInput("message", "Node failed"));
    }

    private static ObjectNode log(NodeContext ctx) {
        JsonNode value = ctx.input("value");
        String content = ctx.textInput("message", Values.text(value));
        String severity = ctx.textInput("severity", "info");
        ObjectNode log = ctx.messageFor("log_update");
        log.put("node_name", ctx.node.title());
        log.put("content", content);
        log.put("severity", severity);
        ctx.emit(log);
        ObjectNode note = ctx.messageFor("notification");
        note.put("content", content);
        note.put("severity", severity);
        ctx.emit(note);
        return single(value);
    }
}
