package ai.nodetool.client.internal.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.errors.NodeToolProtocolException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SseDecoder#nextJson}: one parser over the whole event stream keeps the rules of a parser per
 * event: each event's data is exactly one JSON value (empty data, a second value, or a value that runs
 * on into the next event fail, naming the event's line), {@code [DONE]} ends the stream, and a value is
 * returned before the next event is read. Fed in chunks of every size from 1 byte.
 */
class SseJsonDecodingTest {
    private static final JsonFactory FACTORY = new ObjectMapper().getFactory();

    private static List<JsonNode> all(String text, int chunk) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (SseDecoder d = new SseDecoder(ChunkedInputStream.of(text, chunk))) {
            for (JsonNode n = d.nextJson(FACTORY); n != null; n = d.nextJson(FACTORY)) {
                out.add(n);
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 7, 64, 8192})
    void eventsOfEveryShapeDecodeInOrder(int chunk) throws Exception {
        String text = "\uFEFF: keep-alive\n"
                + "data: 1\n\n"
                + "event: x\r\nid: 7\r\ndata: {\"a\":\r\ndata:  [1, 2]}\r\n\r\n"
                + "data:true\r\r"
                + "data: \"s\"  \n\n"
                + "data\n\n" // empty data: not dispatched
                + "data: -12.5e3\n\n"
                + "data: null\n\n"
                + "data: {\"big\": \"" + "b".repeat(20_000) + "\"}\n\n"
                + "data: [DONE]\n\n"
                + "data: {\"after\": true}\n\n";
        List<JsonNode> nodes = all(text, chunk);
        assertThat(nodes).hasSize(7);
        assertThat(nodes.get(0).intValue()).isEqualTo(1);
        assertThat(nodes.get(1).toString()).isEqualTo("{\"a\":[1,2]}");
        assertThat(nodes.get(2).booleanValue()).isTrue();
        assertThat(nodes.get(3).textValue()).isEqualTo("s");
        assertThat(nodes.get(4).doubleValue()).isEqualTo(-12500.0);
        assertThat(nodes.get(5).isNull()).isTrue();
        assertThat(nodes.get(6).get("big").textValue()).hasSize(20_000);
    }

    @Test
    void doneEndsTheStreamAndABareEndDoesNot() throws Exception {
        try (SseDecoder d = new SseDecoder(ChunkedInputStream.of("data: {}\n\ndata: [DONE]\n\n", 3))) {
            assertThat(d.nextJson(FACTORY)).isNotNull();
            assertThat(d.nextJson(FACTORY)).isNull();
            assertThat(d.doneReceived()).isTrue();
        }
        try (SseDecoder d = new SseDecoder(ChunkedInputStream.of("data: {}\n\ndata: {\"cut\"", 3))) {
            assertThat(d.nextJson(FACTORY)).isNotNull();
            assertThat(d.nextJson(FACTORY)).isNull();
            assertThat(d.doneReceived()).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 8192})
    void malformedDataFailsNamingTheEventsLine(int chunk) {
        assertFails("data: {}\n\ndata: {\"a\": 1} {\"b\": 2}\n\n", chunk, 4, "more than one value");
        assertFails("data: {}\n\ndata: 1 2\n\n", chunk, 4, "more than one value");
        assertFails("data: {\"a\":\n\ndata: 1}\n\n", chunk, 2, "does not end with its event");
        assertFails("data: [1,\n\ndata: 2]\n\n", chunk, 2, "does not end with its event");
        assertFails("data: {}\n\ndata: {]\n\n", chunk, 4, "malformed JSON data");
        assertFails("data: {}\n\ndata:    \n\n", chunk, 4, "has empty data");
    }

    private static void assertFails(String text, int chunk, long line, String message) {
        assertThatThrownBy(() -> all(text, chunk))
                .isInstanceOfSatisfying(
                        NodeToolProtocolException.class,
                        e -> assertThat(e.lineNumber()).hasValue(line))
                .hasMessageContaining("line " + line)
                .hasMessageContaining(message);
    }

    @Test
    void theFailureSticks() throws Exception {
        try (SseDecoder d = new SseDecoder(ChunkedInputStream.of("data: x\n\ndata: {}\n\n", 8192))) {
            assertThatThrownBy(() -> d.nextJson(FACTORY)).isInstanceOf(NodeToolProtocolException.class);
            assertThatThrownBy(() -> d.nextJson(FACTORY)).isInstanceOf(NodeToolProtocolException.class);
        }
    }

    @Test
    void aValueIsReturnedBeforeTheNextEventArrivesEvenATinyFirstOne() throws Exception {
        BlockingQueue<byte[]> server = new LinkedBlockingQueue<>();
        InputStream in = new InputStream() {
            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    byte[] next = server.take(); // blocks like a socket with nothing to read
                    System.arraycopy(next, 0, b, off, next.length);
                    return next.length == 0 ? -1 : next.length;
                } catch (InterruptedException e) {
                    throw new InterruptedIOException();
                }
            }
        };
        try (SseDecoder d = new SseDecoder(in)) {
            server.add("data: 1\n\n".getBytes(StandardCharsets.UTF_8));
            JsonNode first = CompletableFuture.supplyAsync(() -> {
                        try {
                            return d.nextJson(FACTORY);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .get(5, TimeUnit.SECONDS);
            assertThat(first.intValue()).isEqualTo(1);
            server.add("data: {\"b\": 2}\n\n".getBytes(StandardCharsets.UTF_8));
            assertThat(CompletableFuture.supplyAsync(() -> {
                                try {
                                    return d.nextJson(FACTORY);
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            })
                            .get(5, TimeUnit.SECONDS)
                            .get("b")
                            .intValue())
                    .isEqualTo(2);
            server.add(new byte[0]);
        }
    }
}
