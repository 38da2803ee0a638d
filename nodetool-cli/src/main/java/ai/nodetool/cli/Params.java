package ai.nodetool.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses {@code name=value} workflow parameters as given on a command line. */
final class Params {
    private Params() {}

    /**
     * Parses one {@code name=value} pair into {@code into}. Values are typed the way a user means
     * them: {@code true}/{@code false} → Boolean, an integer → Long (Integer when it fits), a
     * decimal number → Double, {@code null} → null, anything else (or a value in double quotes) →
     * String.
     *
     * @param pair the text, e.g. {@code name=Ada}
     * @param into the map to add to
     * @throws IllegalArgumentException if there is no {@code =} or the name is empty
     */
    static void parseInto(String pair, Map<String, Object> into) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("expected name=value, got '" + pair + "'");
        }
        into.put(pair.substring(0, eq), value(pair.substring(eq + 1)));
    }

    /**
     * @param pairs {@code name=value} texts
     * @return the parameters, in order
     * @throws IllegalArgumentException if a pair is malformed
     */
    static Map<String, Object> parse(String... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String p : pairs) {
            parseInto(p, map);
        }
        return map;
    }

    static Object value(String text) {
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            return text.substring(1, text.length() - 1);
        }
        if (text.equals("true") || text.equals("false")) {
            return Boolean.valueOf(text);
        }
        if (text.equals("null")) {
            return null;
        }
        if (text.matches("-?\\d{1,18}")) {
            long l = Long.parseLong(text);
            return l == (int) l ? (Object) (int) l : (Object) l;
        }
        if (text.matches("-?\\d+\\.\\d+([eE][-+]?\\d+)?")) {
            return Double.valueOf(text);
        }
        return text;
    }
}
