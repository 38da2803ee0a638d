package ai.nodetool.client.internal.discovery;

import ai.nodetool.client.discovery.DiscoveryService;
import ai.nodetool.client.errors.InvalidInputException;
import ai.nodetool.client.errors.UnsupportedByServerException;
import ai.nodetool.client.internal.codec.MessageCodec;
import ai.nodetool.client.messages.AssetRef;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.workflows.TypedWorkflow;
import ai.nodetool.client.workflows.Workflow;
import ai.nodetool.client.workflows.WorkflowInterface;
import ai.nodetool.client.workflows.WorkflowsService;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** {@link TypedWorkflow} over the discovery interface, or a legacy workflow's {@code input_schema}. */
public final class DefaultTypedWorkflow implements TypedWorkflow {
    private static final Set<String> MEDIA = Set.of("image", "audio", "video", "document", "asset", "model_3d");

    private final String id;
    private final WorkflowsService workflows;
    private final DiscoveryService discovery;
    private volatile WorkflowInterface described;

    /**
     * @param id the workflow
     * @param workflows runs it
     * @param discovery describes it
     */
    public DefaultTypedWorkflow(String id, WorkflowsService workflows, DiscoveryService discovery) {
        this.id = Objects.requireNonNull(id, "id");
        this.workflows = workflows;
        this.discovery = discovery;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public WorkflowInterface describe() {
        WorkflowInterface d = described;
        if (d == null) {
            try {
                d = discovery.interfaceOf(id);
            } catch (UnsupportedByServerException e) {
                d = fromInputSchema(workflows.get(id));
            }
            described = d;
        }
        return d;
    }

    /**
     * A legacy workflow's {@code input_schema} (protocol-notes §4.5) as an interface. Every input there has a
     * default the server falls back to, so none is required.
     */
    private WorkflowInterface fromInputSchema(Workflow w) {
        ObjectNode iface = JsonNodeFactory.instance.objectNode();
        iface.put("version", 1);
        iface.put("workflow_id", id);
        iface.put("source", "input_schema");
        ArrayNode inputs = iface.putArray("inputs");
        JsonNode props = w.inputSchema().map(s -> s.path("properties")).orElse(null);
        if (props != null && props.isObject()) {
            props.properties().forEach(e -> {
                ObjectNode in = inputs.addObject();
                in.put("name", e.getKey());
                String t = e.getValue().path("type").asText("any");
                if (t.equals("object")) {
                    JsonNode en = e.getValue().path("properties").path("type").path("enum");
                    t = en.isArray() && en.size() > 0 ? en.get(0).asText() : "dict";
                }
                in.put("type", t);
                in.put("required", false);
                in.set("default", e.getValue().get("default"));
            });
        }
        iface.putArray("outputs");
        return WorkflowInterface.fromJson(iface);
    }

    @Override
    public Map<String, Object> bind(Object inputs) {
        Map<String, Object> params = toMap(inputs);
        WorkflowInterface iface = describe();
        List<WorkflowInterface.Input> declared = iface.inputs();
        for (String name : params.keySet()) {
            if (declared.stream().noneMatch(i -> name.equals(i.name()))) {
                throw new InvalidInputException(
                        id,
                        name,
                        "workflow '" + id + "' has no input '" + name + "' (its inputs: "
                                + declared.stream()
                                        .map(WorkflowInterface.Input::name)
                                        .toList() + ")");
            }
        }
        for (WorkflowInterface.Input input : declared) {
            Object value = params.get(input.name());
            String type = typeOf(input);
            if (value == null) {
                if (input.required() && input.defaultValue() == null) {
                    throw new InvalidInputException(
                            id,
                            input.name(),
                            "workflow '" + id + "' needs the input '" + input.name() + "' (" + type
                                    + "), which is missing");
                }
                continue;
            }
            if (!fits(type, value)) {
                throw new InvalidInputException(
                        id,
                        input.name(),
                        "input '" + input.name() + "' of workflow '" + id + "' is " + type + ", but got "
                                + value.getClass().getSimpleName());
            }
        }
        return params;
    }

    private static Map<String, Object> toMap(Object inputs) {
        Objects.requireNonNull(inputs, "inputs");
        Map<String, Object> out = new LinkedHashMap<>();
        if (inputs instanceof Map) {
            ((Map<?, ?>) inputs).forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        }
        Class<?> type = inputs.getClass();
        if (type.isRecord()) {
            for (RecordComponent c : type.getRecordComponents()) {
                try {
                    c.getAccessor().setAccessible(true);
                    out.put(c.getName(), c.getAccessor().invoke(inputs));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new IllegalArgumentException("cannot read " + type.getSimpleName() + "." + c.getName(), e);
                }
            }
            return out;
        }
        return MessageCodec.json().convertValue(inputs, new TypeReference<Map<String, Object>>() {});
    }

    /** The declared type's name: a string, or the {@code type} of a NodeTool type object (protocol-notes §4.6). */
    private static String typeOf(WorkflowInterface.Input input) {
        JsonNode t = input.raw().get("type");
        if (t != null && t.isObject()) {
            t = t.get("type");
        }
        return t == null || !t.isTextual() ? "any" : t.asText().toLowerCase(Locale.ROOT);
    }

    private static boolean fits(String type, Object v) {
        switch (type) {
            case "str":
            case "string":
                return v instanceof CharSequence || v instanceof Enum;
            case "int":
            case "integer":
                return v instanceof Integer
                        || v instanceof Long
                        || v instanceof Short
                        || v instanceof Byte
                        || v instanceof BigInteger;
            case "float":
            case "number":
                return v instanceof Number;
            case "bool":
            case "boolean":
                return v instanceof Boolean;
            case "list":
            case "array":
                return v instanceof Collection || v.getClass().isArray();
            case "dict":
            case "object":
                return v instanceof Map || v.getClass().isRecord();
            default:
                if (MEDIA.contains(type)) {
                    return v instanceof AssetRef || v instanceof Map || v instanceof CharSequence;
                }
                return true;
        }
    }

    @Override
    public RunResult run(Object inputs) {
        return workflows.run(id, bind(inputs));
    }

    @Override
    public <T> T run(Object inputs, Class<T> outputType) {
        Objects.requireNonNull(outputType, "outputType");
        RunResult result = run(inputs);
        Map<String, Object> last = new LinkedHashMap<>();
        result.outputs()
                .forEach((name, values) -> last.put(name, values.isEmpty() ? null : values.get(values.size() - 1)));
        if (outputType.isInstance(last)) {
            return outputType.cast(last);
        }
        return MessageCodec.json().convertValue(last, outputType);
    }
}
