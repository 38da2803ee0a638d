package ai.nodetool.client.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Base64;
import java.util.List;

/**
 * A large base64 {@code data:} URI read from a JSON body, kept as its decoded bytes (in blocks) instead of
 * its text: a 50 MiB image costs 50 MiB, not the 67 MB of its base64 plus twice that in the parser's
 * character buffers. It still reads as a string node ({@link #getNodeType()} is {@code STRING}):
 * {@link #textValue()} rebuilds the URI on each call (the one place that costs the text's memory), and
 * equality and serialisation are those of that text. {@link #writeBytes(OutputStream)} hands out the
 * content without a copy. (It extends {@code POJONode} because {@code TextNode} serialises its stored
 * text in a final method.)
 */
public final class DataUriNode extends POJONode {
    private static final long serialVersionUID = 1L;

    private final String prefix; // "data:<media type>;base64,"
    private final transient List<byte[]> blocks;
    private final long length;

    /**
     * @param prefix the URI up to and including the comma
     * @param blocks the decoded content, in order (not copied)
     * @param length the total length of the blocks
     */
    public DataUriNode(String prefix, List<byte[]> blocks, long length) {
        super(new Content());
        ((Content) _value).node = this;
        this.prefix = prefix;
        this.blocks = List.copyOf(blocks);
        this.length = length;
    }

    /** @return the decoded length in bytes */
    public long byteLength() {
        return length;
    }

    /** @return the URI's header, e.g. {@code data:image/png;base64,} */
    public String prefix() {
        return prefix;
    }

    /**
     * @param out receives the decoded content
     * @return the number of bytes written
     * @throws IOException from {@code out}
     */
    public long writeBytes(OutputStream out) throws IOException {
        for (byte[] block : blocks) {
            out.write(block);
        }
        return length;
    }

    /** @return the decoded content in one new array */
    public byte[] bytes() {
        if (length > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("the content (" + length + " bytes) is too large for one array");
        }
        byte[] all = new byte[(int) length];
        int at = 0;
        for (byte[] block : blocks) {
            System.arraycopy(block, 0, all, at, block.length);
            at += block.length;
        }
        return all;
    }

    @Override
    public String textValue() {
        return prefix + Base64.getEncoder().encodeToString(bytes());
    }

    @Override
    public String asText() {
        return textValue();
    }

    @Override
    public byte[] binaryValue() {
        return bytes();
    }

    @Override
    public JsonNodeType getNodeType() {
        return JsonNodeType.STRING;
    }

    @Override
    public JsonToken asToken() {
        return JsonToken.VALUE_STRING;
    }

    @Override
    public String asText(String defaultValue) {
        return textValue();
    }

    /** Serialises as the URI's text (POJONode's final serialize delegates to this). */
    private static final class Content implements JsonSerializable {
        DataUriNode node;

        @Override
        public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeString(node.textValue());
        }

        @Override
        public void serializeWithType(JsonGenerator g, SerializerProvider provider, TypeSerializer type)
                throws IOException {
            serialize(g, provider);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        return (o instanceof TextNode && textValue().equals(((TextNode) o).textValue()))
                || (o instanceof DataUriNode && textValue().equals(((DataUriNode) o).textValue()));
    }

    @Override
    public int hashCode() {
        return textValue().hashCode();
    }

    @Override
    public String toString() {
        return "\"" + prefix + "<" + length + " bytes>\"";
    }
}
