package ai.nodetool.client.internal.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.internal.json.DataUriNode;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SseDecoder#nextJson} with a limit above the default (the only case where an event can carry large
 * inline media): a long {@code data:} line is read in pieces as it arrives, and a base64 {@code data:} URI in
 * it is decoded as read into a {@link DataUriNode}; the event rules stay those of an event held whole (one
 * value, joined data lines, an event cut by the end of input is discarded, the data limit). Fed in chunks of
 * several sizes.
 */
class SseLargeEventTest {
    private static final JsonFactory FACTORY = new ObjectMapper().getFactory();
    private static final int LIMIT = 8 * 1024 * 1024;

    private static byte[] media(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + (i >> 8));
        }
        return b;
    }

    private static String uri(byte[] bytes) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(bytes);
    }

    private static List<JsonNode> all(String text, int chunk) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (SseDecoder d = new SseDecoder(ChunkedInputStream.of(text, chunk), LIMIT, null)) {
            for (JsonNode n = d.nextJson(FACTORY); n != null; n = d.nextJson(FACTORY)) {
                out.add(n);
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 8192, 100_000})
    void aLargeDataUriIsDecodedAsReadBetweenSmallEventsAndJoinedDataLines(int chunk) throws Exception {
        byte[] image = media(300_000);
        String text = "data: {\"type\": \"job_update\"}\n\n"
                + "event: message\n"
                + "data: {\"type\": \"output_update\",\n"
                + "data: \"value\": {\"type\": \"image\", \"uri\": \"" + uri(image) + "\"},\n"
                + ": a comment inside the event\n"
                + "data: \"node_name\": \"out\"}  \n\n"
                + "data: 42\n\n"
                + "data: {\"uri\": \"" + uri(image) + "\"}\r\n\r\n"
                + "data: [DONE]\n\n";
        List<JsonNode> nodes = all(text, chunk);
        assertThat(nodes).hasSize(4);
        assertThat(nodes.get(0).get("type").asText()).isEqualTo("job_update");
        JsonNode value = nodes.get(1).get("value").get("uri");
        assertThat(value).isInstanceOf(DataUriNode.class);
        assertThat(((DataUriNode) value).bytes()).isEqualTo(image);
        assertThat(nodes.get(1).get("node_name").asText()).isEqualTo("out");
        assertThat(nodes.get(2).intValue()).isEqualTo(42);
        assertThat(((DataUriNode) nodes.get(3).get("uri")).bytes()).isEqualTo(image);
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 100_000})
    void aLargeEventCutByTheEndOfInputIsDiscarded(int chunk) throws Exception {
        String whole = "data: {\"uri\": \"" + uri(media(200_000)) + "\"}\n";
        assertThat(all("data: 1\n\n" + whole, chunk)).hasSize(1); // no blank line: not dispatched
        assertThat(all("data: 1\n\n" + whole.substring(0, whole.length() / 2), chunk))
                .hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 100_000})
    void aSecondValueInALargeEventIsMalformed(int chunk) {
        String text = "data: {\"uri\": \"" + uri(media(200_000)) + "\"} 7\n\n";
        assertThatThrownBy(() -> all(text, chunk))
                .isInstanceOf(NodeToolProtocolException.class)
                .hasMessageContaining("more than one value");
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 100_000})
    void aLargeEventOverTheLimitIsOversize(int chunk) {
        String text = "data: {\"s\": \"" + "x".repeat(LIMIT) + "\"}\n\n";
        assertThatThrownBy(() -> all(text, chunk))
                .isInstanceOf(NodeToolProtocolException.class)
                .hasMessageContaining("oversize");
    }
}
