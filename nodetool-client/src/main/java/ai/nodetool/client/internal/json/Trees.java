package ai.nodetool.client.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Map;

/**
 * Field readers and the wire-neutral equality used by every message record.
 *
 * <p>Why a custom equality: the same message decoded from MessagePack and from JSON yields
 * slightly different trees. MessagePack {@code bin} becomes a {@code BinaryNode} while the JSON
 * text mode carries the same bytes as an array of integers (protocol-notes §6.2), and integer
 * widths may differ (int vs long nodes). Two trees are <em>equivalent</em> here when they carry
 * the same logical value, so that a message decodes to equal records from either encoding.
 */
public final class Trees {
    private Trees() {}

    /** @return the text of a string field, or null if absent, null or not a string */
    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    /** @return the text of a field rendered as a string for scalars (numbers too), or null */
    public static String scalarText(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull() || v.isContainerNode() || v.isBinary()) {
            return null;
        }
        return v.asText();
    }

    /** @return a numeric field as a Long, or null if absent or not an integral number */
    public static Long longValue(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return isWhole(v) ? Long.valueOf(whole(v)) : null;
    }

    /**
     * {@link #longValue(JsonNode, String)} without boxing, for a field read once per frame.
     *
     * @return the field as a long, or {@code absent} if it is absent or not a whole number
     */
    public static long longValue(JsonNode node, String field, long absent) {
        JsonNode v = node == null ? null : node.get(field);
        return isWhole(v) ? whole(v) : absent;
    }

    /** An integral number that fits a long, or a finite floating-point one without a fraction. */
    private static boolean isWhole(JsonNode v) {
        if (v == null || !v.isNumber()) {
            return false;
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToLong();
        }
        double d = v.doubleValue();
        return d == Math.rint(d) && !Double.isInfinite(d);
    }

    private static long whole(JsonNode v) {
        return v.isIntegralNumber() ? v.longValue() : (long) v.doubleValue();
    }

    /** @return a numeric field as a Double, or null if absent or not a number */
    public static Double doubleValue(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isNumber() ? v.doubleValue() : null;
    }

    /** @return a boolean field, or null if absent or not a boolean */
    public static Boolean boolValue(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isBoolean() ? v.booleanValue() : null;
    }

    /** @return the field's node, or null when absent or JSON null */
    public static JsonNode nonNull(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || v.isMissingNode() ? null : v;
    }

    /**
     * Bytes carried by a node: a {@code bin} value, or an array of integers 0..255 (the JSON
     * text-mode form of bytes).
     *
     * @return the bytes, or null if the node is neither
     */
    public static byte[] bytes(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isBinary()) {
            try {
                return node.binaryValue();
            } catch (java.io.IOException e) {
                return null;
            }
        }
        if (node.isArray()) {
            byte[] out = new byte[node.size()];
            for (int i = 0; i < out.length; i++) {
                JsonNode e = node.get(i);
                if (!e.isIntegralNumber() || e.intValue() < 0 || e.intValue() > 255) {
                    return null;
                }
                out[i] = (byte) e.intValue();
            }
            return out;
        }
        return null;
    }

    /**
     * Wire-neutral equality: numbers compare by value, {@code bin} equals an array of the same
     * byte values, objects compare by key set regardless of order.
     */
    public static boolean equivalent(JsonNode a, JsonNode b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a.isBinary() || b.isBinary()) {
            byte[] x = bytes(a);
            byte[] y = bytes(b);
            return x != null && y != null && Arrays.equals(x, y);
        }
        if (a.isNumber() && b.isNumber()) {
            return numberKey(a).compareTo(numberKey(b)) == 0;
        }
        if (a.getNodeType() != b.getNodeType()) {
            return false;
        }
        if (a.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> e : a.properties()) {
                JsonNode other = b.get(e.getKey());
                if (other == null || !equivalent(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!equivalent(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** A hash code consistent with {@link #equivalent(JsonNode, JsonNode)}. */
    public static int hash(JsonNode n) {
        if (n == null) {
            return 0;
        }
        if (n.isBinary()) {
            return arrayHash(bytes(n));
        }
        if (n.isNumber()) {
            return numberKey(n).stripTrailingZeros().hashCode();
        }
        if (n.isObject()) {
            int h = 7;
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                h += e.getKey().hashCode() ^ hash(e.getValue());
            }
            return h;
        }
        if (n.isArray()) {
            byte[] asBytes = bytes(n);
            if (asBytes != null) {
                return arrayHash(asBytes);
            }
            int h = 1;
            for (JsonNode e : n) {
                h = 31 * h + hash(e);
            }
            return h;
        }
        return n.hashCode();
    }

    private static int arrayHash(byte[] bytes) {
        // Must equal the generic array hash of the same values as numbers.
        int h = 1;
        for (byte b : bytes) {
            h = 31 * h + BigDecimal.valueOf(b & 0xff).stripTrailingZeros().hashCode();
        }
        return h;
    }

    private static BigDecimal numberKey(JsonNode n) {
        if (n.isIntegralNumber()) {
            return new BigDecimal(n.bigIntegerValue());
        }
        double d = n.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return BigDecimal.valueOf(Long.MAX_VALUE).add(BigDecimal.valueOf(Double.hashCode(d)));
        }
        return n.decimalValue();
    }

    /** @return a deep copy of an object node (null stays null) */
    public static ObjectNode copy(ObjectNode node) {
        return node == null ? null : node.deepCopy();
    }
}
