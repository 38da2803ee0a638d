package ai.nodetool.client.internal.codec;

import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.internal.json.Json;
import ai.nodetool.client.internal.json.Trees;
import ai.nodetool.client.messages.Chunk;
import ai.nodetool.client.messages.EdgeUpdate;
import ai.nodetool.client.messages.ErrorMessage;
import ai.nodetool.client.messages.JobCompleted;
import ai.nodetool.client.messages.JobFailed;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.JobResumed;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.messages.JobUpdate;
import ai.nodetool.client.messages.LogUpdate;
import ai.nodetool.client.messages.NodeProgress;
import ai.nodetool.client.messages.NodeUpdate;
import ai.nodetool.client.messages.Notification;
import ai.nodetool.client.messages.OutputUpdate;
import ai.nodetool.client.messages.Ping;
import ai.nodetool.client.messages.Prediction;
import ai.nodetool.client.messages.PreviewUpdate;
import ai.nodetool.client.messages.SdkExecutionTarget;
import ai.nodetool.client.messages.UnknownMessage;
import ai.nodetool.client.messages.WorkerComplete;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The one place that turns wire trees into typed {@link JobMessage}s, shared by every transport
 * (NDJSON, SSE, WebSocket) and by the blocking HTTP calls. Stateless and thread-safe.
 *
 * <p>Gen A and Gen C variants are handled here (protocol-notes §5.3, §5.4, §8.1): the error text in
 * {@code error} or {@code message}; the SSE {@code {"type":"job_update","data":{…}}} nesting;
 * {@code job_seq} on every frame.
 */
public final class MessageCodec {
    private MessageCodec() {}

    /** @return the shared JSON mapper (do not reconfigure it) */
    public static ObjectMapper json() {
        return Json.mapper();
    }

    /** @return the shared MessagePack mapper (do not reconfigure it) */
    public static ObjectMapper msgpack() {
        return Json.msgpackMapper();
    }

    /**
     * Parses one JSON document.
     *
     * @param bytes UTF-8 JSON
     * @return the tree, never null
     * @throws NodeToolProtocolException if the bytes are empty, malformed, truncated or followed
     *     by trailing data
     */
    public static JsonNode readJson(byte[] bytes) {
        if (bytes == null || bytes.length == 0 || isBlank(bytes)) {
            throw new NodeToolProtocolException("Empty JSON document");
        }
        try {
            JsonNode node = Json.mapper().readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new NodeToolProtocolException("Empty JSON document");
            }
            return node;
        } catch (JsonEOFException e) {
            throw new NodeToolProtocolException(
                    "Truncated JSON (ended after " + bytes.length + " bytes): " + preview(bytes), e);
        } catch (IOException e) {
            throw new NodeToolProtocolException(
                    "Malformed JSON: "
                            + (e instanceof com.fasterxml.jackson.core.JsonProcessingException
                                    ? ((com.fasterxml.jackson.core.JsonProcessingException) e).getOriginalMessage()
                                    : e.getMessage())
                            + " in " + preview(bytes),
                    e);
        }
    }

    /**
     * Parses one MessagePack value (one WebSocket frame).
     *
     * @param bytes MessagePack bytes
     * @return the tree, never null ({@code bin} values become binary nodes)
     * @throws NodeToolProtocolException if the bytes are empty or not valid MessagePack
     */
    public static JsonNode readMsgpack(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new NodeToolProtocolException("Empty MessagePack frame");
        }
        try (JsonParser parser = Json.msgpackMapper().createParser(bytes)) {
            JsonNode node = Json.msgpackMapper().readTree(parser);
            if (node == null || node.isMissingNode()) {
                throw new NodeToolProtocolException("Empty MessagePack frame");
            }
            checkNesting(node, bytes.length);
            return node;
        } catch (IOException e) {
            throw new NodeToolProtocolException(
                    "Malformed MessagePack frame (" + bytes.length + " bytes): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof NodeToolProtocolException) {
                throw e;
            }
            throw new NodeToolProtocolException("Malformed MessagePack frame (" + bytes.length + " bytes): " + e, e);
        }
    }

    /**
     * The nesting cap JSON has through Jackson's {@code StreamReadConstraints} (the JSON parser
     * refuses deeper input), applied to MessagePack too, whose parser has no such check. Every
     * tree the SDK hands out is then at most this deep, so its recursive walks ({@code toString()},
     * {@code javaValue()}) cannot overflow the stack.
     */
    public static final int MAX_NESTING_DEPTH = StreamReadConstraints.DEFAULT_MAX_DEPTH;

    /** Walks the tree without recursion (Jackson builds it without recursion too). */
    private static void checkNesting(JsonNode root, int frameBytes) {
        Deque<JsonNode> nodes = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        nodes.push(root);
        depths.push(1);
        while (!nodes.isEmpty()) {
            JsonNode n = nodes.pop();
            int depth = depths.pop();
            if (!n.isContainerNode()) {
                continue;
            }
            if (depth > MAX_NESTING_DEPTH) {
                throw new NodeToolProtocolException("MessagePack frame (" + frameBytes + " bytes) nests deeper than "
                        + MAX_NESTING_DEPTH + " levels (the JSON limit)");
            }
            for (JsonNode child : n) {
                if (child.isContainerNode()) {
                    nodes.push(child);
                    depths.push(depth + 1);
                }
            }
        }
    }

    /**
     * Maps a decoded tree (from JSON or MessagePack) to its typed message.
     *
     * @param tree one message object
     * @return the typed message; an unmodelled {@code type} gives {@link UnknownMessage}
     * @throws NodeToolProtocolException if the tree is not an object or has no string {@code type}
     *     (command replies and rejections are untyped, protocol-notes §7.2, §7.4: transports must
     *     route those before calling this)
     */
    public static JobMessage decode(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw new NodeToolProtocolException("Expected a message object but got "
                    + (tree == null ? "nothing" : tree.getNodeType().toString().toLowerCase()));
        }
        ObjectNode o = (ObjectNode) tree;
        JsonNode typeNode = o.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            throw new NodeToolProtocolException("Message has no string 'type' field; keys: " + keys(o));
        }
        String type = typeNode.textValue();
        // A table rather than a switch (issue 15): the JIT compiles a switch with only the cases it has seen, and
        // a stream's first type seen later (its terminal job_update) threw the whole compiled method away at
        // the end of every stream. A table lookup has no such case to miss.
        Decoder decoder = DECODERS.get(type);
        return decoder != null ? decoder.decode(o) : new UnknownMessage(type, o);
    }

    /** Builds one message type from its tree. */
    @FunctionalInterface
    private interface Decoder {
        JobMessage decode(ObjectNode o);
    }

    private static final Map<String, Decoder> DECODERS = decoders();

    private static Map<String, Decoder> decoders() {
        Map<String, Decoder> table = new HashMap<>();
        table.put(JobUpdate.TYPE, o -> {
            o = unwrapSse(o);
            return new JobUpdate(
                    JobStatus.of(Trees.text(o, "status")),
                    Trees.text(o, "message"),
                    Trees.nonNull(o, "result"),
                    errorText(o),
                    Trees.doubleValue(o, "duration"),
                    Trees.longValue(o, "queue_position"),
                    Trees.text(o, "error_code"),
                    o);
        });
        table.put(
                NodeUpdate.TYPE,
                o -> new NodeUpdate(
                        Trees.text(o, "node_id"),
                        Trees.text(o, "node_name"),
                        Trees.text(o, "node_type"),
                        Trees.text(o, "status"),
                        errorText(o),
                        Trees.nonNull(o, "result"),
                        Trees.nonNull(o, "properties"),
                        o));
        table.put(NodeProgress.TYPE, o -> {
            Double progress = Trees.doubleValue(o, "progress");
            Double total = Trees.doubleValue(o, "total");
            return new NodeProgress(
                    Trees.text(o, "node_id"),
                    progress == null ? 0 : progress,
                    total == null ? 0 : total,
                    Trees.text(o, "chunk"),
                    o);
        });
        table.put(
                OutputUpdate.TYPE,
                o -> new OutputUpdate(
                        Trees.text(o, "node_id"),
                        Trees.text(o, "node_name"),
                        Trees.text(o, "output_name"),
                        o.get("value"),
                        Trees.text(o, "output_type"),
                        Trees.nonNull(o, "metadata"),
                        Trees.text(o, "disposition"),
                        Trees.boolValue(o, "done"),
                        o));
        table.put(PreviewUpdate.TYPE, o -> new PreviewUpdate(Trees.text(o, "node_id"), o.get("value"), o));
        table.put(
                EdgeUpdate.TYPE,
                o -> new EdgeUpdate(
                        Trees.text(o, "edge_id"), Trees.text(o, "status"), Trees.longValue(o, "counter"), o));
        table.put(
                LogUpdate.TYPE,
                o -> new LogUpdate(
                        Trees.text(o, "node_id"),
                        Trees.text(o, "node_name"),
                        Trees.text(o, "content"),
                        Trees.text(o, "severity"),
                        o));
        table.put(
                Notification.TYPE,
                o -> new Notification(
                        Trees.text(o, "node_id"), Trees.text(o, "content"), Trees.text(o, "severity"), o));
        table.put(ErrorMessage.TYPE, o -> {
            // Gen B/C put the text in `message`, Gen A and the Worker SSE in `error` (protocol-notes §8.1).
            String message = Trees.text(o, "message");
            return new ErrorMessage(message != null ? message : errorText(o), Trees.text(o, "thread_id"), o);
        });
        table.put(
                Chunk.TYPE,
                o -> new Chunk(
                        Trees.text(o, "node_id"),
                        Trees.text(o, "content"),
                        Trees.text(o, "content_type"),
                        Trees.nonNull(o, "content_metadata"),
                        Boolean.TRUE.equals(Trees.boolValue(o, "done")),
                        Boolean.TRUE.equals(Trees.boolValue(o, "thinking")),
                        o));
        table.put(
                JobResumed.TYPE,
                o -> new JobResumed(
                        Trees.text(o, "status"),
                        Trees.longValue(o, "last_seq"),
                        Trees.longValue(o, "replay_count"),
                        Boolean.TRUE.equals(Trees.boolValue(o, "replay_incomplete")),
                        o));
        table.put(
                Prediction.TYPE,
                o -> new Prediction(
                        Trees.scalarText(o, "id"),
                        Trees.scalarText(o, "user_id"),
                        Trees.text(o, "node_id"),
                        Trees.text(o, "status"),
                        errorText(o),
                        o));
        table.put(Ping.TYPE, o -> new Ping(Trees.doubleValue(o, "ts"), o));
        table.put(SdkExecutionTarget.TYPE, o -> new SdkExecutionTarget(Trees.text(o, "runner_id"), o));
        table.put(JobCompleted.TYPE, o -> new JobCompleted(o));
        table.put(JobFailed.TYPE, o -> new JobFailed(errorText(o), o));
        table.put(WorkerComplete.TYPE, o -> new WorkerComplete(Trees.nonNull(o, "results"), o));
        return table;
    }

    /**
     * Decodes one JSON message (an NDJSON line or SSE data payload).
     *
     * @param bytes UTF-8 JSON
     * @return the typed message
     * @throws NodeToolProtocolException on malformed input
     */
    public static JobMessage decodeJson(byte[] bytes) {
        return decode(readJson(bytes));
    }

    /**
     * Decodes one MessagePack message (a binary WebSocket frame).
     *
     * @param bytes MessagePack bytes
     * @return the typed message
     * @throws NodeToolProtocolException on malformed input
     */
    public static JobMessage decodeMsgpack(byte[] bytes) {
        return decode(readMsgpack(bytes));
    }

    // The Worker SSE route wraps the job update: {"type":"job_update","data":{…}} (protocol-notes §5.4).
    private static ObjectNode unwrapSse(ObjectNode o) {
        JsonNode data = o.get("data");
        if (data != null && data.isObject() && !o.has("status")) {
            ObjectNode inner = ((ObjectNode) data).deepCopy();
            if (!inner.has("type")) {
                inner.put("type", JobUpdate.TYPE);
            }
            return inner;
        }
        return o;
    }

    private static String errorText(JsonNode o) {
        JsonNode e = o.get("error");
        if (e == null || e.isNull()) {
            return null;
        }
        if (e.isTextual()) {
            return e.textValue();
        }
        String nested = Trees.text(e, "message");
        return nested != null ? nested : e.toString();
    }

    private static String keys(ObjectNode o) {
        java.util.List<String> names = new java.util.ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names.toString();
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    /** @return a short printable preview of a body for error messages */
    public static String preview(byte[] bytes) {
        int n = Math.min(bytes.length, 120);
        String s = new String(bytes, 0, n, java.nio.charset.StandardCharsets.UTF_8).replaceAll("[\\r\\n\\t]+", " ");
        return "'" + s + (bytes.length > n ? "...'" : "'");
    }
}
