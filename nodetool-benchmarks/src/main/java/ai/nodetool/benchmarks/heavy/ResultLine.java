package ai.nodetool.benchmarks.heavy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Optional;

/**
 * The one line a client process prints: {@code RESULT {"ok":true,"items":N,"nanos":N,"cpuNanos":N}}
 * or {@code RESULT {"ok":false,"error":"…"}}. The Node.js contender prints the same.
 */
final class ResultLine {
    static final String PREFIX = "RESULT ";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultLine() {}

    static String format(Run run) {
        ObjectNode o = JSON.createObjectNode();
        o.put("ok", true);
        o.put("items", run.items());
        o.put("nanos", run.nanos());
        o.put("cpuNanos", run.cpuNanos());
        return PREFIX + o;
    }

    static String failure(Throwable t) {
        ObjectNode o = JSON.createObjectNode();
        o.put("ok", false);
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        o.put("error", root == t ? t.toString() : t + " / cause: " + root);
        return PREFIX + o;
    }

    /**
     * Finds the result line in a process's output.
     *
     * @return the run, empty when the output has no successful result line
     * @throws IllegalArgumentException with the reported error when the line says {@code "ok":false}
     */
    static Optional<Run> parse(String output) {
        String found = null;
        for (String line : output.split("\\R")) {
            if (line.startsWith(PREFIX)) {
                found = line.substring(PREFIX.length());
            }
        }
        if (found == null) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = JSON.readTree(found);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed result line: " + found, e);
        }
        if (!node.path("ok").asBoolean(false)) {
            throw new IllegalArgumentException(node.path("error").asText("failed"));
        }
        return Optional.of(new Run(
                node.path("items").asLong(),
                node.path("nanos").asLong(),
                node.path("cpuNanos").asLong(-1)));
    }
}
