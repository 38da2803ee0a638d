package ai.nodetool.testserver.internal.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonGeneratorImpl;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ValueNode;
import java.io.IOException;
import java.util.Base64;

/**
 * A binary JSON value of {@code length} {@link BytePattern} bytes that holds none of them: the large-binary
 * workload's media payload. Frames, replay buffers, frame logs and outcomes can keep it at no cost;
 * the bytes are generated where a transport writes them ({@link #serialize} streams them to a JSON
 * generator; {@link #binaryValue()} materialises them for paths that need one array). Immutable.
 */
public final class PatternBinaryNode extends ValueNode {
    private static final long serialVersionUID = 1L;

    private final long length;

    public PatternBinaryNode(long length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative");
        }
        this.length = length;
    }

    @Override
    public JsonNodeType getNodeType() {
        return JsonNodeType.BINARY;
    }

    @Override
    public JsonToken asToken() {
        return JsonToken.VALUE_EMBEDDED_OBJECT;
    }

    /** The number of bytes this value stands for. */
    public long length() {
        return length;
    }

    /** A fresh array of all the bytes; throws when they do not fit in one array. */
    @Override
    public byte[] binaryValue() {
        return BytePattern.bytes(length);
    }

    @Override
    public String asText() {
        return Base64.getEncoder().encodeToString(binaryValue());
    }

    /**
     * Streams the bytes to generators that can take a stream (Jackson's JSON generators base64-encode
     * them chunk by chunk); others get one materialised array.
     */
    @Override
    public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
        if (length > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("a payload of " + length + " bytes cannot be written by " + g);
        }
        if (!(g instanceof JsonGeneratorImpl)) {
            // Jackson's JSON generators stream binary data; others (MessagePack) need the array.
            byte[] bytes = binaryValue();
            g.writeBinary(bytes, 0, bytes.length);
            return;
        }
        g.writeBinary(provider.getConfig().getBase64Variant(), BytePattern.stream(length), (int) length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PatternBinaryNode other && other.length == length;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(length);
    }

    @Override
    public String toString() {
        return "\"<" + length + " pattern bytes>\"";
    }
}
