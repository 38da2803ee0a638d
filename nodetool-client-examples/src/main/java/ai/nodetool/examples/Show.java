package ai.nodetool.examples;

import ai.nodetool.client.messages.AssetRef;
import ai.nodetool.client.messages.RunResult;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** Prints output values readably: media as a short description, not as kilobytes of base64. */
public final class Show {
    private Show() {}

    /**
     * @param value an output value (String, number, Boolean, List, Map, byte[], AssetRef or null)
     * @return a one-line description
     */
    public static String value(Object value) {
        if (value instanceof AssetRef) {
            AssetRef a = (AssetRef) value;
            StringBuilder s = new StringBuilder(a.type());
            a.mimeType().ifPresent(m -> s.append(' ').append(m));
            a.bytes().ifPresent(b -> s.append(", ").append(b.length).append(" bytes"));
            if (a.bytes().isEmpty()) {
                a.uri().ifPresent(u -> s.append(" at ").append(u));
            }
            return s.toString();
        }
        if (value instanceof byte[]) {
            return ((byte[]) value).length + " bytes";
        }
        if (value instanceof String) {
            return "\"" + value + "\"";
        }
        return String.valueOf(value);
    }

    /**
     * The last value of an output, by name. Gen A servers key a blocking run's outputs by the
     * output node's display title (e.g. {@code "Output"}), not by its name (protocol-notes
     * §5.2), so when the name is absent and the run has exactly one output, that one is returned.
     *
     * @param result the result
     * @param name the output node's name
     * @return the value, or null when there is none
     */
    public static Object output(RunResult result, String name) {
        Object value = result.output(name);
        if (value == null
                && !result.outputs().containsKey(name)
                && result.outputs().size() == 1) {
            value = result.output(result.outputs().keySet().iterator().next());
        }
        return value;
    }

    /**
     * @param url a session URL as the SDK reports it (the upgrade request's http(s) URL)
     * @return the same URL with its WebSocket scheme
     */
    public static String webSocketUrl(String url) {
        return url.replaceFirst("^http", "ws");
    }

    /**
     * Prints each output as {@code name = value} (all values of a streamed output, in order).
     *
     * @param out where to print
     * @param result the result
     */
    public static void outputs(PrintStream out, RunResult result) {
        if (result.outputs().isEmpty()) {
            out.println("  (no outputs)");
        }
        for (Map.Entry<String, List<Object>> e : result.outputs().entrySet()) {
            List<Object> values = e.getValue();
            if (values.size() == 1) {
                out.println("  " + e.getKey() + " = " + value(values.get(0)));
            } else {
                StringBuilder s = new StringBuilder();
                for (Object v : values) {
                    s.append(s.length() == 0 ? "" : ", ").append(value(v));
                }
                out.println("  " + e.getKey() + " = [" + s + "]");
            }
        }
    }
}
