package ai.nodetool.client.internal.session;

import ai.nodetool.client.errors.NodeToolException;
import ai.nodetool.client.internal.codec.MessageCodec;
import ai.nodetool.client.session.RunJobRequest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/**
 * The one place where client → server frames are built (protocol-notes §7.1–§7.3). Each command is
 * the envelope {@code {"command", "type", "request_id": null, "data"}}: {@code type} repeats the
 * command as NodeTool's own SDK does (harmless, protocol-notes §7.1), which makes our frames equal to the golden
 * fixture {@code execution-wire.json}. Stateless.
 */
public final class CommandEncoder {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int MAX_PLAIN_DEPTH = 64;

    private CommandEncoder() {}

    /** @return {@code run_job} with every protocol-notes §7.3 field */
    public static ObjectNode runJob(RunJobRequest r) {
        ObjectNode d = F.objectNode();
        d.put("type", "run_job_request");
        d.put("job_type", r.jobType());
        d.put("job_id", r.jobId());
        d.put("execution_strategy", r.executionStrategy());
        d.put("workflow_id", r.workflowId() == null ? "" : r.workflowId());
        d.put("user_id", r.userId());
        d.put("auth_token", r.authToken());
        putNullable(d, "api_url", r.apiUrl());
        d.set("env", value(r.env()));
        d.set("graph", r.graph() == null ? F.nullNode() : r.graph().deepCopy());
        d.set("params", value(r.params()));
        d.put("explicit_types", r.explicitTypes());
        d.put("require_terminal_result", r.requireTerminalResult());
        d.set("execution_options", value(r.executionOptions()));
        d.set("resource_limits", value(r.resourceLimits()));
        r.extra().forEach((k, v) -> d.set(k, value(v)));
        return envelope("run_job", d);
    }

    /** @return {@code cancel_job} */
    public static ObjectNode cancelJob(String jobId, String workflowId) {
        ObjectNode d = F.objectNode();
        d.put("job_id", jobId);
        putNullable(d, "workflow_id", workflowId);
        return envelope("cancel_job", d);
    }

    /** @return {@code get_status}, for one job or (jobId null) all active jobs */
    public static ObjectNode getStatus(String jobId) {
        ObjectNode d = F.objectNode();
        if (jobId != null) {
            d.put("job_id", jobId);
        }
        return envelope("get_status", d);
    }

    /** @return {@code reconnect_job}; {@code last_seq} only when given (protocol-notes §9.1) */
    public static ObjectNode reconnectJob(String jobId, String workflowId, Long lastSeq) {
        ObjectNode d = F.objectNode();
        d.put("job_id", jobId);
        putNullable(d, "workflow_id", workflowId);
        if (lastSeq != null) {
            d.put("last_seq", lastSeq.longValue());
        }
        return envelope("reconnect_job", d);
    }

    /** @return {@code set_mode} */
    public static ObjectNode setMode(String mode) {
        ObjectNode d = F.objectNode();
        d.put("mode", mode);
        return envelope("set_mode", d);
    }

    /** @return {@code stream_input} */
    public static ObjectNode streamInput(String jobId, String workflowId, String input, Object value, String handle) {
        ObjectNode d = F.objectNode();
        d.put("job_id", jobId);
        putNullable(d, "workflow_id", workflowId);
        d.put("input", input);
        putNullable(d, "handle", handle);
        d.set("value", value(value));
        return envelope("stream_input", d);
    }

    /** @return {@code end_input_stream} */
    public static ObjectNode endInputStream(String jobId, String workflowId, String input, String handle) {
        ObjectNode d = F.objectNode();
        d.put("job_id", jobId);
        putNullable(d, "workflow_id", workflowId);
        d.put("input", input);
        putNullable(d, "handle", handle);
        return envelope("end_input_stream", d);
    }

    /** @return {@code update_node_properties} */
    public static ObjectNode updateNodeProperties(
            String jobId, String workflowId, String nodeId, Map<String, ?> properties) {
        ObjectNode d = F.objectNode();
        d.put("job_id", jobId);
        putNullable(d, "workflow_id", workflowId);
        d.put("node_id", nodeId);
        d.set("properties", value(properties));
        return envelope("update_node_properties", d);
    }

    /** @return {@code clear_models} */
    public static ObjectNode clearModels() {
        return envelope("clear_models", F.objectNode());
    }

    /** @return the control frame answering a server ping (protocol-notes §7.1) */
    public static ObjectNode pong(double ts) {
        ObjectNode o = F.objectNode();
        o.put("type", "pong");
        o.put("ts", ts);
        return o;
    }

    /** @return the frame as MessagePack bytes (for binary frames) */
    public static byte[] toMsgpack(ObjectNode frame) {
        // The common case (maps, arrays, strings, integers, doubles, booleans, nulls, bytes) is packed
        // straight from the tree with the primitives Jackson's MessagePack generator uses for these nodes,
        // so the bytes are the same, without the generator's set-up and its intermediate copy of the tree
        // per command (issue 15: a tenth of runJob's CPU). A tree with any other node (a POJO, a big
        // number) or nested too deep goes to Jackson instead, whatever was packed of it so far dropped.
        try (MessageBufferPacker packer = PACKER.newBufferPacker()) {
            if (pack(packer, frame, 0)) {
                return packer.toByteArray();
            }
        } catch (IOException e) {
            throw new NodeToolException("Cannot encode command: " + e.getMessage(), e);
        }
        try {
            return MessageCodec.msgpack().writeValueAsBytes(frame);
        } catch (JsonProcessingException e) {
            throw new NodeToolException("Cannot encode command: " + e.getOriginalMessage(), e);
        }
    }

    // A command is a few hundred bytes: start with a small buffer (the default is 8 KiB per command);
    // a larger one grows in further chunks. Otherwise the defaults, as Jackson's MessagePack mapper.
    private static final MessagePack.PackerConfig PACKER = MessagePack.DEFAULT_PACKER_CONFIG.withBufferSize(512);

    /** Packs {@code node}; false as soon as it meets a node it does not write (Jackson then encodes the tree). */
    private static boolean pack(MessagePacker p, JsonNode node, int depth) throws IOException {
        if (depth > MessageCodec.MAX_NESTING_DEPTH) {
            return false;
        }
        switch (node.getNodeType()) {
            case OBJECT:
                p.packMapHeader(node.size());
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    p.packString(e.getKey());
                    if (!pack(p, e.getValue(), depth + 1)) {
                        return false;
                    }
                }
                return true;
            case ARRAY:
                p.packArrayHeader(node.size());
                for (JsonNode item : node) {
                    if (!pack(p, item, depth + 1)) {
                        return false;
                    }
                }
                return true;
            case STRING:
                p.packString(node.textValue());
                return true;
            case BOOLEAN:
                p.packBoolean(node.booleanValue());
                return true;
            case NULL:
                p.packNil();
                return true;
            case BINARY:
                byte[] bytes = node.binaryValue();
                p.packBinaryHeader(bytes.length);
                p.writePayload(bytes);
                return true;
            case NUMBER:
                if (node.isDouble()) {
                    p.packDouble(node.doubleValue());
                } else if (node.isFloat()) {
                    p.packFloat(node.floatValue());
                } else if (node.isLong()) {
                    p.packLong(node.longValue());
                } else if (node.isInt() || node.isShort()) {
                    p.packInt(node.intValue());
                } else {
                    return false; // big integers and decimals: as Jackson writes them
                }
                return true;
            default:
                return false; // POJO, missing
        }
    }

    /** @return the frame as JSON text (for text frames) */
    public static String toJson(ObjectNode frame) {
        try {
            return MessageCodec.json().writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new NodeToolException("Cannot encode command: " + e.getOriginalMessage(), e);
        }
    }

    private static ObjectNode envelope(String command, ObjectNode data) {
        ObjectNode o = F.objectNode();
        o.put("command", command);
        o.put("type", command);
        o.putNull("request_id");
        o.set("data", data);
        return o;
    }

    /**
     * The tree of a plain value (null, String, Boolean, Integer, Long, Double, a JSON tree, and Maps
     * with String keys and Lists of these), built directly: the same tree {@code valueToTree} gives,
     * without its serializer look-up and token buffer, which were a third of the cost of encoding a
     * {@code run_job} (issue 15, 1,000 jobs profile).
     *
     * @return the tree, or null if {@code v} holds anything else (then {@code valueToTree} decides)
     */
    private static JsonNode plain(Object v, int depth) {
        if (v == null) {
            return F.nullNode();
        }
        if (v instanceof String s) {
            return F.textNode(s);
        }
        if (v instanceof Boolean b) {
            return F.booleanNode(b);
        }
        if (v instanceof Integer i) {
            return F.numberNode(i.intValue());
        }
        if (v instanceof Long l) {
            return F.numberNode(l.longValue());
        }
        if (v instanceof Double d) {
            return F.numberNode(d.doubleValue());
        }
        if (v instanceof JsonNode n) {
            return n.deepCopy();
        }
        if (depth >= MAX_PLAIN_DEPTH) {
            return null; // deep (or cyclic) values: valueToTree reports them as before
        }
        if (v instanceof Map<?, ?> map) {
            ObjectNode o = F.objectNode();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    return null;
                }
                JsonNode child = plain(e.getValue(), depth + 1);
                if (child == null) {
                    return null;
                }
                o.set(key, child);
            }
            return o;
        }
        if (v instanceof List<?> list) {
            ArrayNode a = F.arrayNode(list.size());
            for (Object item : list) {
                JsonNode child = plain(item, depth + 1);
                if (child == null) {
                    return null;
                }
                a.add(child);
            }
            return a;
        }
        return null;
    }

    private static void putNullable(ObjectNode o, String field, String value) {
        if (value == null) {
            o.putNull(field);
        } else {
            o.put(field, value);
        }
    }

    private static JsonNode value(Object v) {
        JsonNode plain = plain(v, 0);
        if (plain != null) {
            return plain;
        }
        try {
            return MessageCodec.json().valueToTree(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Cannot send value of " + v.getClass().getName()
                            + " (use String, Number, Boolean, byte[], List, Map): " + e.getMessage(),
                    e);
        }
    }
}
