package ai.nodetool.testserver.internal.engine;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Metadata of the node types the engine runs, for {@code list_nodes}, {@code get_node} and the SDK
 * node-type inventory (protocol-notes §7.5, §11.7). Stateless.
 */
public final class NodeCatalog {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** One node type: its pins as {@code name:type} pairs. */
    public record NodeType(String type, String title, String description, List<String> inputs, List<String> outputs) {
        public String namespace() {
            return type.substring(0, type.lastIndexOf('.'));
        }
    }

    // spotless:off
    private static final List<NodeType> TYPES = List.of(
            new NodeType("nodetool.input.StringInput", "String Input", "A text parameter.", List.of("value:str", "name:str"), List.of("output:str")),
            new NodeType("nodetool.input.IntegerInput", "Integer Input", "An integer parameter.", List.of("value:int", "name:str"), List.of("output:int")),
            new NodeType("nodetool.input.FloatInput", "Float Input", "A number parameter.", List.of("value:float", "name:str"), List.of("output:float")),
            new NodeType("nodetool.input.BooleanInput", "Boolean Input", "A boolean parameter.", List.of("value:bool", "name:str"), List.of("output:bool")),
            new NodeType("nodetool.input.ImageInput", "Image Input", "An image parameter.", List.of("value:image", "name:str"), List.of("output:image")),
            new NodeType("nodetool.input.AudioInput", "Audio Input", "An audio parameter.", List.of("value:audio", "name:str"), List.of("output:audio")),
            new NodeType("nodetool.output.Output", "Output", "A workflow output.", List.of("value:any", "name:str"), List.of("output:any")),
            new NodeType("nodetool.output.StringOutput", "String Output", "A text output.", List.of("value:str", "name:str"), List.of("output:str")),
            new NodeType("nodetool.output.ImageOutput", "Image Output", "An image output.", List.of("value:image", "name:str"), List.of("output:image")),
            new NodeType("nodetool.output.FloatOutput", "Float Output", "A number output.", List.of("value:float", "name:str"), List.of("output:float")),
            new NodeType("nodetool.text.FormatText", "Format Text", "Fills {{name}} placeholders.", List.of("template:str"), List.of("output:str")),
            new NodeType("nodetool.text.Concat", "Concat", "Joins two texts.", List.of("a:str", "b:str"), List.of("output:str")),
            new NodeType("nodetool.math.Add", "Add", "a + b.", List.of("a:float", "b:float"), List.of("output:float")),
            new NodeType("nodetool.math.Subtract", "Subtract", "a - b.", List.of("a:float", "b:float"), List.of("output:float")),
            new NodeType("nodetool.math.Multiply", "Multiply", "a * b.", List.of("a:float", "b:float"), List.of("output:float")),
            new NodeType("nodetool.math.Divide", "Divide", "a / b.", List.of("a:float", "b:float"), List.of("output:float")),
            new NodeType("nodetool.image.GeneratePattern", "Generate Pattern", "A PNG test pattern.", List.of("width:int", "height:int", "seed:int", "color:str"), List.of("output:image")),
            new NodeType(MediaNodes.INVERT, "Invert", "Inverts the colours of an image.", List.of("image:image"), List.of("output:image")),
            new NodeType(MediaNodes.GRAYSCALE, "Grayscale", "Turns an image into shades of grey.", List.of("image:image"), List.of("output:image")),
            new NodeType(MediaNodes.AUDIO_DURATION, "Audio Duration", "The length of a WAV in seconds.", List.of("audio:audio"), List.of("output:float")),
            new NodeType("nodetool.test.Slow", "Slow", "Sleeps with progress.", List.of("steps:int", "delay_ms:int", "value:any"), List.of("output:any")),
            new NodeType(Nodes.TEXT_STREAM, "Text Stream", "Streams words as chunks.", List.of("text:str", "delay_ms:int"), List.of("output:str")),
            new NodeType("nodetool.test.Fail", "Fail", "Always fails.", List.of("message:str"), List.of("output:any")),
            new NodeType("nodetool.test.Log", "Log", "Logs a value.", List.of("value:any", "message:str"), List.of("output:any")));
    // spotless:on

    private NodeCatalog() {}

    public static List<NodeType> all() {
        return TYPES;
    }

    public static Optional<NodeType> find(String type) {
        return TYPES.stream().filter(t -> t.type().equals(type)).findFirst();
    }

    /** {@code {node_type, title, description, namespace}}. */
    public static ObjectNode summary(NodeType t) {
        ObjectNode n = JSON.objectNode();
        n.put("node_type", t.type());
        n.put("title", t.title());
        n.put("description", t.description());
        n.put("namespace", t.namespace());
        return n;
    }

    /** Full metadata in NodeTool's node-metadata shape (a subset of its fields). */
    public static ObjectNode full(NodeType t) {
        ObjectNode n = summary(t);
        ArrayNode properties = n.putArray("properties");
        for (String pin : t.inputs()) {
            ObjectNode p = properties.addObject();
            p.put("name", pin.substring(0, pin.indexOf(':')));
            p.set("type", typeMetadata(pin.substring(pin.indexOf(':') + 1)));
        }
        ArrayNode outputs = n.putArray("outputs");
        for (String pin : t.outputs()) {
            ObjectNode p = outputs.addObject();
            p.put("name", pin.substring(0, pin.indexOf(':')));
            p.set("type", typeMetadata(pin.substring(pin.indexOf(':') + 1)));
            p.put("stream", t.type().equals(Nodes.TEXT_STREAM));
        }
        n.put("is_dynamic", false);
        n.put("is_streaming_output", t.type().equals(Nodes.TEXT_STREAM));
        return n;
    }

    /** NodeTool's TypeMetadata: {@code {type, optional, type_args, type_name}}. */
    public static ObjectNode typeMetadata(String type) {
        ObjectNode m = JSON.objectNode();
        m.put("type", type);
        m.put("optional", false);
        m.putArray("type_args");
        m.putNull("type_name");
        return m;
    }

    /** The pin lists as {@code [name, type]} pairs. */
    public static List<String[]> pins(List<String> pins) {
        List<String[]> out = new ArrayList<>();
        pins.forEach(p -> out.add(new String[] {p.substring(0, p.indexOf(':')), p.substring(p.indexOf(':') + 1)}));
        return out;
    }
}
