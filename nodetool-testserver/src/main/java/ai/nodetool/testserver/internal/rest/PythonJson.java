package ai.nodetool.testserver.internal.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON text as Python's {@code json.dumps} writes it with its default separators: {@code ", "} between
 * items and {@code ": "} after keys, on one line. Gen A built its NDJSON lines and SSE events that way
 * ({@code json.dumps(msg.model_dump())}, protocol-notes §5.3, §5.4), unlike its plain JSON
 * responses, which FastAPI writes compactly. Thread-safe.
 */
final class PythonJson {
    private static final ObjectWriter WRITER = new ObjectMapper().writer(new Spaced());

    private PythonJson() {}

    static String dumps(JsonNode node) {
        try {
            return WRITER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code ", "} and {@code ": "}, nothing else: no line breaks, no indentation. */
    private static final class Spaced extends MinimalPrettyPrinter {
        private static final long serialVersionUID = 1L;

        Spaced() {
            super("");
        }

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }
    }
}
