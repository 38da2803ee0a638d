package ai.nodetool.testserver.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** Value coercions and naming rules shared by the engine and {@link SchemaDerivation}. */
final class Values {
    private Values() {}

    /**
     * A node's display title: {@code ui_properties.title}, else {@code data.title}, else derived from
     * the class name (protocol-notes §5.2: Gen A keys its flat run result by this title).
     */
    static String title(String type, JsonNode data, JsonNode uiProperties) {
        String ui = nonEmptyText(uiProperties == null ? null : uiProperties.get("title"));
        if (ui != null) {
            return ui;
        }
        String own = nonEmptyText(data == null ? null : data.get("title"));
        return own != null ? own : titleOf(type);
    }

    /** {@code nodetool.output.StringOutput} → {@code String Output}; {@code HTTPGet} → {@code HTTP Get}. */
    static String titleOf(String type) {
        String simple = type.substring(type.lastIndexOf('.') + 1);
        StringBuilder out = new StringBuilder(simple.length() + 4);
        for (int i = 0; i < simple.length(); i++) {
            char c = simple.charAt(i);
            if (i > 0 && Character.isUpperCase(c)) {
                char prev = simple.charAt(i - 1);
                boolean nextLower = i + 1 < simple.length() && Character.isLowerCase(simple.charAt(i + 1));
                if (Character.isLowerCase(prev)
                        || Character.isDigit(prev)
                        || (Character.isUpperCase(prev) && nextLower)) {
                    out.append(' ');
                }
            }
            out.append(c == '_' ? ' ' : c);
        }
        return out.toString();
    }

    static String nonEmptyText(JsonNode node) {
        return node != null && node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
    }

    /** Text form used by text nodes: strings as they are, other scalars by value, containers as JSON. */
    static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "";
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    static JsonNode integer(long value) {
        return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE
                ? IntNode.valueOf((int) value)
                : LongNode.valueOf(value);
    }

    /**
     * Reads an integer; numeric strings count because Gen A clients send numbers as strings.
     *
     * @return null when {@code node} is null or JSON null
     * @throws IllegalArgumentException when the value is not an integer
     */
    static JsonNode toInteger(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return integer(node.longValue());
        }
        if (node.isNumber()) {
            return integralOrFail(node.doubleValue(), node);
        }
        if (node.isTextual()) {
            String s = node.asText().trim();
            try {
                return integer(Long.parseLong(s));
            } catch (NumberFormatException notLong) {
                try {
                    return integralOrFail(Double.parseDouble(s), node);
                } catch (NumberFormatException notNumber) {
                    throw new IllegalArgumentException("expected an integer, got " + node);
                }
            }
        }
        throw new IllegalArgumentException("expected an integer, got " + node);
    }

    private static JsonNode integralOrFail(double d, JsonNode original) {
        if (Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 9.0e15) {
            return integer((long) d);
        }
        throw new IllegalArgumentException("expected an integer, got " + original);
    }

    /** Like {@link #toInteger} for floats. */
    static JsonNode toFloat(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isNumber()) {
            return DoubleNode.valueOf(node.doubleValue());
        }
        if (node.isTextual()) {
            try {
                return DoubleNode.valueOf(Double.parseDouble(node.asText().trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a number, got " + node);
            }
        }
        throw new IllegalArgumentException("expected a number, got " + node);
    }

    /** Like {@link #toInteger} for booleans: accepts {@code true}/{@code false} strings and 0/1. */
    static JsonNode toBoolean(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isBoolean()) {
            return node;
        }
        if (node.isTextual()
                && (node.asText().equalsIgnoreCase("true") || node.asText().equalsIgnoreCase("false"))) {
            return BooleanNode.valueOf(Boolean.parseBoolean(node.asText()));
        }
        if (node.isIntegralNumber() && (node.longValue() == 0 || node.longValue() == 1)) {
            return BooleanNode.valueOf(node.longValue() == 1);
        }
        throw new IllegalArgumentException("expected a boolean, got " + node);
    }

    /** Like {@link #toInteger} for strings: scalars are turned into their text. */
    static JsonNode toText(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return node.isTextual() ? node : TextNode.valueOf(text(node));
    }
}
