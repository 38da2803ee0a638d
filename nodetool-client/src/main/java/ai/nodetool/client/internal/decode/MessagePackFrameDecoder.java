package ai.nodetool.client.internal.decode;

import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.internal.codec.MessageCodec;
import ai.nodetool.client.messages.JobMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import okio.ByteString;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.core.buffer.MessageBuffer;
import org.msgpack.core.buffer.MessageBufferInput;
import org.msgpack.jackson.dataformat.MessagePackExtensionType;

/**
 * Turns one binary WebSocket frame (one MessagePack map, protocol-notes §6.2) into a
 * {@link JobMessage}. Knows nothing of sockets. Any map width is accepted (msgpackr writes map16
 * headers even for small maps); {@code bin} values stay bytes. A map with a {@code type} becomes
 * its typed message ({@code UnknownMessage} for types the SDK does not model); a map without one
 * is a command reply ({@link ai.nodetool.client.messages.CommandReply}).
 *
 * <h2>Per-frame cost</h2>
 * The decoder builds the Jackson tree straight from msgpack-core's {@link MessageUnpacker}, one
 * unpacker per decoder reused for every frame (reset, not recreated): no Jackson parser, I/O
 * context or {@code ThreadLocal} per frame. The tree is the one Jackson's MessagePack
 * {@code readTree} builds (ints as int/long/big-integer nodes, floats as doubles, {@code bin} as
 * binary nodes, extensions as {@link MessagePackExtensionType} POJO nodes, non-string keys as their
 * text). {@link #decode(ByteString)} reads OkHttp's frame in place, segment by segment, without
 * first copying it into one array. After each frame the unpacker is reset to an empty input, so the
 * decoder never keeps the last frame reachable (a session's decoder lives as long as the session).
 *
 * <p>Thread-safe (decoding is serialized on the decoder); one decoder per session, used by its
 * socket's reader thread.
 */
public final class MessagePackFrameDecoder {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final byte[] NOTHING = new byte[0];

    private final long maxFrameBytes;
    private final Slices slices = new Slices();
    private final MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(NOTHING);
    private long frameBytes;
    private static final int STRING_SLOTS = 512; // 256 sets of two ways
    private static final int MAX_CACHED_STRING = 40;
    private final byte[][] stringBytes = new byte[STRING_SLOTS][];
    private final String[] strings = new String[STRING_SLOTS];

    /**
     * @param maxFrameBytes frames larger than this are refused
     */
    public MessagePackFrameDecoder(long maxFrameBytes) {
        if (maxFrameBytes < 1) {
            throw new IllegalArgumentException("maxFrameBytes must be positive");
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * @param frame the frame payload
     * @return the message, never null
     * @throws NodeToolProtocolException if the frame is oversize, empty, not MessagePack, not a map,
     *     nests deeper than {@link MessageCodec#MAX_NESTING_DEPTH}, or has a non-string {@code type}
     */
    public JobMessage decode(byte[] frame) {
        FrameMessages.checkSize(frame.length, maxFrameBytes, "binary");
        synchronized (this) {
            slices.add(frame, 0, frame.length);
            return decodeSlices(frame.length);
        }
    }

    /**
     * Like {@link #decode(byte[])}, reading OkHttp's frame in place (no copy of the whole frame).
     *
     * @param frame the frame payload
     * @return the message, never null
     * @throws NodeToolProtocolException as {@link #decode(byte[])}
     */
    public JobMessage decode(ByteString frame) {
        FrameMessages.checkSize(frame.size(), maxFrameBytes, "binary");
        synchronized (this) {
            try {
                frame.write(slices); // hands over its array (or its segments' arrays); copies nothing
            } catch (IOException e) {
                slices.clear();
                throw new IllegalStateException(e); // Slices never throws
            }
            return decodeSlices(frame.size());
        }
    }

    private JobMessage decodeSlices(int size) {
        if (size == 0) {
            slices.clear();
            throw new NodeToolProtocolException("Empty MessagePack frame");
        }
        frameBytes = size;
        JsonNode tree;
        try {
            unpacker.reset(slices);
            tree = read(1);
        } catch (IOException | MessagePackException | ArithmeticException e) {
            throw new NodeToolProtocolException(
                    "Malformed MessagePack frame (" + size + " bytes): " + e.getMessage(), e);
        } finally {
            slices.clear();
            try {
                unpacker.reset(slices); // drops the unpacker's reference to the frame's bytes
            } catch (IOException e) {
                throw new IllegalStateException(e); // an empty input cannot fail
            }
        }
        return FrameMessages.toMessage(tree);
    }

    private long remaining() {
        return frameBytes - unpacker.getTotalReadBytes();
    }

    /** A length read from the frame, checked against what is left of it before anything is allocated. */
    private int checked(long length, String what) {
        if (length < 0 || length > remaining()) {
            throw new NodeToolProtocolException("Malformed MessagePack frame (" + frameBytes + " bytes): " + what
                    + " of " + length + " exceeds the " + remaining() + " bytes left");
        }
        return (int) length;
    }

    private JsonNode read(int depth) throws IOException {
        MessageFormat format = unpacker.getNextFormat();
        switch (format.getValueType()) {
            case NIL:
                unpacker.unpackNil();
                return NODES.nullNode();
            case BOOLEAN:
                return NODES.booleanNode(unpacker.unpackBoolean());
            case INTEGER:
                if (format == MessageFormat.UINT64) {
                    BigInteger big = unpacker.unpackBigInteger();
                    return big.bitLength() < 64 ? number(big.longValue()) : NODES.numberNode(big);
                }
                return number(unpacker.unpackLong());
            case FLOAT:
                return NODES.numberNode(unpacker.unpackDouble());
            case STRING:
                return NODES.textNode(string(unpacker.unpackRawStringHeader()));
            case BINARY: {
                int length = checked(unpacker.unpackBinaryHeader(), "bin length");
                byte[] bytes = length == 0 ? NOTHING : unpacker.readPayload(length);
                return NODES.binaryNode(bytes);
            }
            case ARRAY: {
                nest(depth);
                int n = checked(unpacker.unpackArrayHeader(), "array length");
                ArrayNode array = NODES.arrayNode(Math.min(n, 16));
                for (int i = 0; i < n; i++) {
                    array.add(read(depth + 1));
                }
                return array;
            }
            case MAP: {
                nest(depth);
                int n = checked(2L * unpacker.unpackMapHeader(), "map size") / 2;
                // Sized for its entries up front (one table, never resized); a hostile size is capped.
                ObjectNode map =
                        new ObjectNode(NODES, new LinkedHashMap<>(n < 12 ? 16 : Math.min(n, 1 << 12) * 4 / 3 + 1));
                for (int i = 0; i < n; i++) {
                    String key = key();
                    map.set(key, read(depth + 1));
                }
                return map;
            }
            case EXTENSION: {
                ExtensionTypeHeader header = unpacker.unpackExtensionTypeHeader();
                int length = checked(header.getLength(), "ext length");
                return NODES.pojoNode(new MessagePackExtensionType(header.getType(), unpacker.readPayload(length)));
            }
            default:
                throw new NodeToolProtocolException("Malformed MessagePack frame: unknown format " + format);
        }
    }

    private static JsonNode number(long v) {
        return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
    }

    private String uncached(int length) throws IOException {
        MessageBuffer ref = unpacker.readPayloadAsReference(length); // a view when the string is in one slice
        if (ref.hasArray()) {
            return new String(ref.array(), ref.arrayOffset(), length, StandardCharsets.UTF_8);
        }
        byte[] copy = new byte[length];
        ref.getBytes(0, copy, 0, length);
        return new String(copy, StandardCharsets.UTF_8);
    }

    /**
     * A string (map key or value), from {@link #strings} when the same bytes were decoded before:
     * the frames of a stream repeat the same keys ({@code type}, {@code job_id}, {@code node_id}, …)
     * and most short values (the type, job and node ids, severity, status), so these cost a byte
     * comparison instead of a new String, its array and, for keys, its hash (the string set-up was
     * the top hot spot of the firehose profile, issue 15). The cache is a small direct-mapped table
     * of short strings only; a miss replaces the slot. Strings are immutable, so sharing them across
     * frames is invisible to callers.
     */
    private String string(int rawLength) throws IOException {
        int length = checked(rawLength, "str length");
        if (length == 0) {
            return "";
        }
        if (length > MAX_CACHED_STRING) {
            return uncached(length);
        }
        MessageBuffer ref = unpacker.readPayloadAsReference(length);
        byte[] array;
        int offset;
        if (ref.hasArray()) {
            array = ref.array();
            offset = ref.arrayOffset();
        } else {
            array = new byte[length];
            ref.getBytes(0, array, 0, length);
            offset = 0;
        }
        int h = length;
        for (int i = 0; i < length; i++) {
            h = 31 * h + array[offset + i];
        }
        // Two ways per set: two strings of one stream that hash to the same set (likely among the ~15
        // distinct short strings of a job's frames, with a random job id among them) both stay cached
        // instead of evicting each other on every frame.
        int slot = ((h ^ (h >>> 7) ^ (h >>> 16)) & (STRING_SLOTS / 2 - 1)) << 1;
        byte[] known = stringBytes[slot];
        if (known != null && Arrays.equals(known, 0, known.length, array, offset, offset + length)) {
            return strings[slot];
        }
        byte[] other = stringBytes[slot + 1];
        if (other != null && Arrays.equals(other, 0, other.length, array, offset, offset + length)) {
            // Most recently used first: move it to the front way.
            String found = strings[slot + 1];
            stringBytes[slot + 1] = known;
            strings[slot + 1] = strings[slot];
            stringBytes[slot] = other;
            strings[slot] = found;
            return found;
        }
        String value = new String(array, offset, length, StandardCharsets.UTF_8);
        // The front way's string moves to the back way; the back way's (least recently used) goes.
        stringBytes[slot + 1] = known;
        strings[slot + 1] = strings[slot];
        stringBytes[slot] = Arrays.copyOfRange(array, offset, offset + length);
        strings[slot] = value;
        return value;
    }

    /** A map key as Jackson's MessagePack parser names it: strings as-is, scalars as their text. */
    private String key() throws IOException {
        MessageFormat format = unpacker.getNextFormat();
        switch (format.getValueType()) {
            case STRING:
                return string(unpacker.unpackRawStringHeader());
            case INTEGER:
                return format == MessageFormat.UINT64
                        ? unpacker.unpackBigInteger().toString()
                        : String.valueOf(unpacker.unpackLong());
            case FLOAT:
                return String.valueOf(unpacker.unpackDouble());
            case BOOLEAN:
                return Boolean.toString(unpacker.unpackBoolean());
            case BINARY: {
                int length = checked(unpacker.unpackBinaryHeader(), "bin length");
                return new String(unpacker.readPayload(length), StandardCharsets.UTF_8);
            }
            default:
                throw new NodeToolProtocolException(
                        "Malformed MessagePack frame (" + frameBytes + " bytes): a map key of" + " type "
                                + format.getValueType().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private void nest(int depth) {
        // The nesting cap JSON has through Jackson's StreamReadConstraints, for MessagePack too; it
        // also bounds this recursion.
        if (depth > MessageCodec.MAX_NESTING_DEPTH) {
            throw new NodeToolProtocolException("MessagePack frame (" + frameBytes + " bytes) nests deeper than "
                    + MessageCodec.MAX_NESTING_DEPTH + " levels (the JSON limit)");
        }
    }

    /**
     * The frame as the unpacker's input: the arrays OkHttp's {@link ByteString} hands to
     * {@link #write(byte[], int, int)} (one for a small frame, one per segment for a large one),
     * referenced, not copied. Emptied after each frame.
     */
    private static final class Slices extends OutputStream implements MessageBufferInput {
        private byte[][] arrays = new byte[4][];
        private int[] offsets = new int[4];
        private int[] lengths = new int[4];
        private int count;
        private int next;

        void add(byte[] array, int offset, int length) {
            if (count == arrays.length) {
                arrays = Arrays.copyOf(arrays, count * 2);
                offsets = Arrays.copyOf(offsets, count * 2);
                lengths = Arrays.copyOf(lengths, count * 2);
            }
            arrays[count] = array;
            offsets[count] = offset;
            lengths[count] = length;
            count++;
        }

        void clear() {
            Arrays.fill(arrays, 0, count, null);
            count = 0;
            next = 0;
            if (arrays.length > 64) { // a huge frame's segment table is not kept either
                arrays = new byte[4][];
                offsets = new int[4];
                lengths = new int[4];
            }
        }

        @Override
        public void write(int b) {
            add(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (len > 0) {
                add(b, off, len);
            }
        }

        @Override
        public MessageBuffer next() {
            if (next >= count) {
                return null;
            }
            int i = next++;
            return MessageBuffer.wrap(arrays[i], offsets[i], lengths[i]);
        }

        @Override
        public void close() {}
    }
}
