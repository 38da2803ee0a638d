package ai.nodetool.client.internal.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;

/**
 * Builds one {@link JsonNode} tree from a parser positioned on a value's first token, without an
 * {@code ObjectReader} and its per-call deserialization context: the decoders keep one parser open over a
 * whole stream and call this once per message. The tree is the one Jackson's own {@code readTree} builds with
 * the SDK's mapper settings: {@code int}/{@code long}/{@code BigInteger} nodes by size, {@code double} for
 * floats, the last of duplicate keys, {@code byte[]} embedded values (MessagePack {@code bin}) as
 * {@link BinaryNode}s.
 *
 * <p>Recursive: the parser's {@code StreamReadConstraints} nesting limit (1000 by default) bounds the depth
 * before the stack could.
 */
public final class TreeReader {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TreeReader() {}

    /**
     * @param p a parser whose current token is {@code first}
     * @param first the value's first token ({@code START_OBJECT}, {@code START_ARRAY} or a scalar)
     * @return the value; the parser is left on its last token
     * @throws IOException from the parser (malformed input, limits, I/O)
     */
    public static JsonNode read(JsonParser p, JsonToken first) throws IOException {
        return read(p, first, null);
    }

    /** Turns a string value (the parser on its {@code VALUE_STRING}) into a node; see {@link #read(JsonParser, JsonToken, Strings)}. */
    @FunctionalInterface
    public interface Strings {
        /**
         * @param p the parser, on a {@code VALUE_STRING} whose text has not been read yet
         * @return the node for it
         * @throws IOException from the parser
         */
        JsonNode string(JsonParser p) throws IOException;
    }

    /**
     * As {@link #read(JsonParser, JsonToken)}, with every string value made by {@code strings} (e.g. to read a
     * large one as binary without its text).
     *
     * @param p a parser whose current token is {@code first}
     * @param first the value's first token
     * @param strings makes string values; null for plain text nodes
     * @return the value
     * @throws IOException from the parser
     */
    public static JsonNode read(JsonParser p, JsonToken first, Strings strings) throws IOException {
        switch (first) {
            case START_OBJECT:
                return readObject(p, strings);
            case START_ARRAY:
                return readArray(p, strings);
            case VALUE_STRING:
                return strings == null ? TextNode.valueOf(p.getText()) : strings.string(p);
            default:
                return scalar(p, first);
        }
    }

    private static ObjectNode readObject(JsonParser p, Strings strings) throws IOException {
        ObjectNode object = NODES.objectNode();
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            JsonNode value;
            if (t == JsonToken.VALUE_STRING) {
                value = strings == null ? TextNode.valueOf(p.getText()) : strings.string(p);
            } else if (t == JsonToken.START_OBJECT) {
                value = readObject(p, strings);
            } else if (t == JsonToken.START_ARRAY) {
                value = readArray(p, strings);
            } else {
                value = scalar(p, t);
            }
            object.set(name, value);
        }
        return object;
    }

    private static ArrayNode readArray(JsonParser p, Strings strings) throws IOException {
        ArrayNode array = NODES.arrayNode();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == null) {
                throw new com.fasterxml.jackson.core.io.JsonEOFException(
                        p, null, "Unexpected end of input in an array");
            }
            array.add(read(p, t, strings));
        }
        return array;
    }

    private static JsonNode scalar(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            throw new com.fasterxml.jackson.core.io.JsonEOFException(p, null, "Unexpected end of input in a value");
        }
        switch (t) {
            case VALUE_STRING:
                return TextNode.valueOf(p.getText());
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT:
                        return NODES.numberNode(p.getIntValue());
                    case LONG:
                        return NODES.numberNode(p.getLongValue());
                    default:
                        return NODES.numberNode(p.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                JsonParser.NumberType type = p.getNumberType();
                if (type == JsonParser.NumberType.BIG_DECIMAL) {
                    return NODES.numberNode(p.getDecimalValue());
                }
                if (type == JsonParser.NumberType.FLOAT) {
                    return NODES.numberNode(p.getFloatValue());
                }
                return NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE:
                return BooleanNode.TRUE;
            case VALUE_FALSE:
                return BooleanNode.FALSE;
            case VALUE_NULL:
                return NullNode.getInstance();
            case VALUE_EMBEDDED_OBJECT:
                Object embedded = p.getEmbeddedObject();
                if (embedded == null) {
                    return NullNode.getInstance();
                }
                if (embedded instanceof byte[]) {
                    return BinaryNode.valueOf((byte[]) embedded);
                }
                return new POJONode(embedded);
            default:
                throw new com.fasterxml.jackson.core.JsonParseException(p, "Unexpected token " + t + " for a value");
        }
    }
}
