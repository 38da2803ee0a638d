package ai.nodetool.testserver.internal.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * Turns WebSocket payloads into message trees and back (protocol-notes §6.2): binary frames carry
 * one MessagePack map, text frames one JSON object. Thread-safe.
 */
final class WireCodec {
    /** Thrown for a payload that is not exactly one decodable value. */
    static final class UndecodableFrame extends Exception {
        private static final long serialVersionUID = 1L;

        UndecodableFrame(String message) {
            super(message, null, false, false);
        }
    }

    private final ObjectMapper msgpack;
    private final ObjectMapper json;
    private final ObjectReader strictJson;
    private final boolean map16;

    /**
     * @param map16 whether every map is written with a map16 header ({@code 0xde}), as msgpackr does
     *     for Gen C (protocol-notes §6.2), rather than the smallest header
     */
    WireCodec(ObjectMapper json, ObjectMapper msgpack, boolean map16) {
        this.json = json;
        this.msgpack = msgpack;
        this.map16 = map16;
        this.strictJson = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** Decodes one MessagePack value; trailing bytes make the frame undecodable (one message per frame). */
    JsonNode decodeBinary(byte[] payload) throws UndecodableFrame {
        if (payload.length == 0) {
            throw new UndecodableFrame("Empty binary frame");
        }
        // Walk the value first: it proves there is exactly one, and reports a precise format error.
        try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(payload)) {
            unpacker.skipValue();
            if (unpacker.hasNext()) {
                throw new UndecodableFrame("Invalid MessagePack: trailing bytes after the message");
            }
        } catch (IOException | RuntimeException e) {
            throw new UndecodableFrame("Invalid MessagePack: " + describe(e));
        }
        try {
            return msgpack.readTree(payload);
        } catch (IOException | RuntimeException e) {
            throw new UndecodableFrame("Invalid MessagePack: " + describe(e));
        }
    }

    /** Decodes one JSON value from a text frame. */
    JsonNode decodeText(String text) throws UndecodableFrame {
        try {
            JsonNode tree = strictJson.readTree(text);
            if (tree == null || tree.isMissingNode()) {
                throw new UndecodableFrame("Empty text frame");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new UndecodableFrame("Invalid JSON: " + e.getOriginalMessage());
        }
    }

    byte[] encodeBinary(JsonNode message) {
        if (map16) {
            try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
                packLikeMsgpackr(packer, message);
                return packer.toByteArray();
            } catch (IOException e) {
                throw new IllegalStateException("cannot encode a message tree as MessagePack", e);
            }
        }
        try {
            return msgpack.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a message tree as MessagePack", e);
        }
    }

    /**
     * msgpackr's encoding with records off (protocol-notes §6.2): every map gets a map16 header
     * ({@code 0xde}, map32 beyond 65 535 entries) whatever its size; strings, arrays, binaries and
     * integers from -2^31 to 2^32-1 take the smallest integer form, and every other number (a fraction,
     * or an integer outside that range) is a float64: JavaScript has one number type.
     */
    private static void packLikeMsgpackr(MessageBufferPacker packer, JsonNode node) throws IOException {
        if (node == null || node.isNull() || node.isMissingNode()) {
            packer.packNil();
        } else if (node.isObject()) {
            int size = node.size();
            if (size <= 0xFFFF) {
                packer.writePayload(new byte[] {(byte) 0xde, (byte) (size >>> 8), (byte) size});
            } else {
                packer.packMapHeader(size);
            }
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                packer.packString(field.getKey());
                packLikeMsgpackr(packer, field.getValue());
            }
        } else if (node.isArray()) {
            packer.packArrayHeader(node.size());
            for (JsonNode item : node) {
                packLikeMsgpackr(packer, item);
            }
        } else if (node.isBinary()) {
            byte[] bytes = node.binaryValue();
            packer.packBinaryHeader(bytes.length);
            packer.writePayload(bytes);
        } else if (node.isTextual()) {
            packer.packString(node.asText());
        } else if (node.isBoolean()) {
            packer.packBoolean(node.booleanValue());
        } else if (node.isNumber()) {
            double value = node.doubleValue();
            if (value == Math.rint(value) && value >= Integer.MIN_VALUE && value <= 0xFFFF_FFFFL) {
                packer.packLong((long) value);
            } else {
                packer.packDouble(value);
            }
        } else {
            packer.packString(node.asText());
        }
    }

    /** JSON text; byte arrays become arrays of integers as in Gen C's text mode (protocol-notes §6.2), not base64. */
    String encodeText(JsonNode message) {
        try {
            return json.writeValueAsString(bytesAsIntegers(message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a message tree as JSON", e);
        }
    }

    private static JsonNode bytesAsIntegers(JsonNode node) {
        if (node.isBinary()) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            try {
                for (byte b : node.binaryValue()) {
                    array.add(b & 0xFF);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return array;
        }
        if (node.isObject() && containsBinary(node)) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                copy.set(field.getKey(), bytesAsIntegers(field.getValue()));
            }
            return copy;
        }
        if (node.isArray() && containsBinary(node)) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            for (JsonNode item : node) {
                copy.add(bytesAsIntegers(item));
            }
            return copy;
        }
        return node;
    }

    private static boolean containsBinary(JsonNode node) {
        if (node.isBinary()) {
            return true;
        }
        for (JsonNode child : node) {
            if (containsBinary(child)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Exception e) {
        if (e instanceof JsonProcessingException) {
            return ((JsonProcessingException) e).getOriginalMessage();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
