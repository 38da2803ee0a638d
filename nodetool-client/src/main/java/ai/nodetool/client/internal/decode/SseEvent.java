package ai.nodetool.client.internal.decode;

import ai.nodetool.client.errors.NodeToolProtocolException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Objects;

/**
 * One dispatched server-sent event.
 *
 * @param type the {@code event:} field, or {@code "message"} when absent
 * @param data the {@code data:} lines joined with {@code \n}; never {@code null}
 * @param lastEventId the last {@code id:} seen so far in the stream (it persists across events, as
 *     in the WHATWG rules), or {@code null} if none
 * @param lineNumber the line of the blank line that dispatched the event, for error messages
 */
public record SseEvent(String type, String data, String lastEventId, long lineNumber) {

    private static final ObjectMapper DEFAULT_MAPPER = new ObjectMapper();

    /** Validates the arguments. */
    public SseEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }

    /**
     * Parses {@link #data()} as one JSON value with a plain mapper.
     *
     * @return the parsed value
     * @throws NodeToolProtocolException if the data is not exactly one JSON value
     */
    public JsonNode json() {
        return json(DEFAULT_MAPPER);
    }

    /**
     * Parses {@link #data()} as one JSON value.
     *
     * @param mapper the mapper to parse with (e.g. the client's shared JSON mapper)
     * @return the parsed value
     * @throws NodeToolProtocolException if the data is not exactly one JSON value
     */
    public JsonNode json(ObjectMapper mapper) {
        try {
            JsonNode node = mapper.reader()
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(data);
            if (node == null || node.isMissingNode()) {
                throw new NodeToolProtocolException(
                        "SSE event ending at line " + lineNumber + " has empty data", null, lineNumber);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new NodeToolProtocolException(
                    "SSE event ending at line " + lineNumber + " has malformed JSON data: " + e.getOriginalMessage(),
                    e,
                    lineNumber);
        }
    }
}
