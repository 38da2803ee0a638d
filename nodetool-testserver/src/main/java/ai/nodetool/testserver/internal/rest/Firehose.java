package ai.nodetool.testserver.internal.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;

/**
 * A test-only workflow form for benchmarks and memory tests: a stored workflow with
 * {@code "firehose": {"count": N, "payload_bytes": B}} streams N messages whose text payload is
 * exactly B bytes (the message index, a space, then {@code x} padding), generated one at a time
 * into a reused buffer and never materialised. Its result is the count: output {@code count}
 * ({@code [N]}), display title {@code Firehose} (N).
 */
final class Firehose {
    static final String TITLE = "Firehose";
    static final String OUTPUT_NAME = "count";

    private final long count;
    private final int payloadBytes;

    private Firehose(long count, int payloadBytes) {
        this.count = count;
        this.payloadBytes = payloadBytes;
    }

    /** The firehose settings of a stored workflow, or null when it is not a firehose. */
    static Firehose of(JsonNode workflow) {
        JsonNode spec = workflow.get("firehose");
        if (spec == null || !spec.isObject()) {
            return null;
        }
        long count = Math.max(0, spec.path("count").asLong(0));
        int bytes = Math.max(1, spec.path("payload_bytes").asInt(1));
        return new Firehose(count, bytes);
    }

    long count() {
        return count;
    }

    /**
     * Makes the framed messages: {@code prefix + payload + suffix}, where the JSON string syntax of the
     * payload's quotes belongs to prefix and suffix. {@link #message(long)} rewrites only the index.
     */
    Template template(String prefix, String suffix) {
        return new Template(prefix.getBytes(StandardCharsets.UTF_8), suffix.getBytes(StandardCharsets.UTF_8));
    }

    /** A reusable message buffer. Not thread-safe. */
    final class Template {
        private final byte[] buffer;
        private final int payloadStart;

        private Template(byte[] prefix, byte[] suffix) {
            buffer = new byte[prefix.length + payloadBytes + suffix.length];
            System.arraycopy(prefix, 0, buffer, 0, prefix.length);
            java.util.Arrays.fill(buffer, prefix.length, prefix.length + payloadBytes, (byte) 'x');
            System.arraycopy(suffix, 0, buffer, prefix.length + payloadBytes, suffix.length);
            payloadStart = prefix.length;
        }

        /**
         * The framed message with index {@code i}; the returned array is reused by the next call. Indices
         * must not decrease (a longer index overwrites the shorter one's bytes).
         */
        byte[] message(long i) {
            String index = Long.toString(i);
            int n = Math.min(index.length(), payloadBytes);
            for (int k = 0; k < n; k++) {
                buffer[payloadStart + k] = (byte) index.charAt(k);
            }
            if (n < payloadBytes) {
                buffer[payloadStart + n] = ' ';
            }
            return buffer;
        }
    }

    /** A JSON string literal as Python writes it (the payload and ids are plain ASCII here). */
    static String quoted(String text) {
        return PythonJson.dumps(TextNode.valueOf(text));
    }
}
