package ai.nodetool.client.internal.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.nodetool.client.errors.NodeToolProtocolException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NdjsonDecoderTest {

    private static List<JsonNode> decodeAll(NdjsonDecoder decoder) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode node; (node = decoder.next()) != null; ) {
            out.add(node);
        }
        return out;
    }

    private static NdjsonDecoder decoder(String text, int chunk) {
        return new NdjsonDecoder(ChunkedInputStream.of(text, chunk));
    }

    @ParameterizedTest(name = "reads of {0} bytes")
    @ValueSource(ints = {1, 2, 3, 7, 8192})
    void decodesOneValuePerLineWhateverTheReadSizes(int chunk) throws IOException {
        String text = "{\"type\":\"job_update\",\"status\":\"running\"}\n"
                + "{\"type\":\"output_update\",\"value\":\"h\u00e9llo \u2603 \ud83d\ude00\"}\n"
                + "{\"type\":\"job_completed\",\"job_id\":\"abc\"}\n";
        List<JsonNode> nodes = decodeAll(decoder(text, chunk));
        assertThat(nodes)
                .extracting(n -> n.get("type").asText())
                .containsExactly("job_update", "output_update", "job_completed");
        assertThat(nodes.get(1).get("value").asText()).isEqualTo("h\u00e9llo \u2603 \ud83d\ude00");
    }

    @ParameterizedTest(name = "reads of {0} bytes")
    @ValueSource(ints = {1, 5, 8192})
    void skipsBlankLinesAcceptsCrlfAndAnUnterminatedLastLine(int chunk) throws IOException {
        String text = "\n{\"a\":1}\r\n   \r\n\t\n{\"a\":2}\r\n\r\n{\"a\":3}";
        NdjsonDecoder decoder = decoder(text, chunk);
        assertThat(decoder.next().get("a").asInt()).isEqualTo(1);
        assertThat(decoder.lineNumber()).isEqualTo(2);
        assertThat(decoder.next().get("a").asInt()).isEqualTo(2);
        assertThat(decoder.lineNumber()).isEqualTo(5);
        assertThat(decoder.next().get("a").asInt()).isEqualTo(3);
        assertThat(decoder.lineNumber()).isEqualTo(7);
        assertThat(decoder.next()).isNull();
        assertThat(decoder.next()).isNull();
    }

    @Test
    void emptyInputEndsImmediately() throws IOException {
        assertThat(decoder("", 1).next()).isNull();
        assertThat(decoder("\n\r\n  \n", 1).next()).isNull();
    }

    @ParameterizedTest(name = "reads of {0} bytes")
    @ValueSource(ints = {1, 8192})
    void malformedLineFailsNamingItsLineNumber(int chunk) throws IOException {
        NdjsonDecoder decoder = decoder("{\"a\":1}\n\n{\"a\":\n{\"a\":3}\n", chunk);
        assertThat(decoder.next().get("a").asInt()).isEqualTo(1);
        NodeToolProtocolException e = catchThrowableOfType(NodeToolProtocolException.class, decoder::next);
        assertThat(e.lineNumber()).hasValue(3);
        assertThat(e).hasMessageContaining("Malformed NDJSON at line 3");
        // The decoder does not resynchronise on later lines: the failure sticks.
        assertThatThrownBy(decoder::next).isSameAs(e);
    }

    @Test
    void twoValuesOnOneLineAreMalformed() {
        NodeToolProtocolException e = catchThrowableOfType(
                NodeToolProtocolException.class,
                () -> decoder("{\"a\":1} {\"b\":2}\n", 8192).next());
        assertThat(e.lineNumber()).hasValue(1);
        assertThat(e).hasMessageContaining("line 1");
    }

    @Test
    void htmlInsteadOfNdjsonIsMalformed() {
        assertThatThrownBy(() -> decoder("<html><body>502 Bad Gateway</body></html>\n", 8192)
                        .next())
                .isInstanceOf(NodeToolProtocolException.class)
                .hasMessageContaining("line 1");
    }

    @Test
    void truncatedLastLineIsReportedAsTruncation() throws IOException {
        NdjsonDecoder decoder = decoder("{\"a\":1}\n{\"type\":\"job_up", 3);
        decoder.next();
        NodeToolProtocolException e = catchThrowableOfType(NodeToolProtocolException.class, decoder::next);
        assertThat(e.lineNumber()).hasValue(2);
        assertThat(e).hasMessageContaining("truncated");
    }

    @ParameterizedTest(name = "reads of {0} bytes")
    @ValueSource(ints = {1, 8192})
    void lineOfExactlyTheMaximumIsAcceptedOneMoreIsOversize(int chunk) throws IOException {
        int max = 100;
        String exact = "{\"v\":\"" + "x".repeat(max - 8) + "\"}"; // 100 bytes
        assertThat(exact).hasSize(max);
        String tooLong = "{\"v\":\"" + "x".repeat(max - 7) + "\"}"; // 101 bytes
        NdjsonDecoder decoder = new NdjsonDecoder(
                ChunkedInputStream.of(exact + "\r\n" + tooLong + "\n", chunk), new ObjectMapper(), max, null);
        assertThat(decoder.next().get("v").asText()).hasSize(max - 8);
        NodeToolProtocolException e = catchThrowableOfType(NodeToolProtocolException.class, decoder::next);
        assertThat(e).hasMessageContaining("oversize").hasMessageContaining("line 2");
        assertThat(e.lineNumber()).hasValue(2);
    }

    @Test
    void oversizeLineFailsWithoutBufferingTheWholeLine() {
        // An endless line without a newline: the decoder must give up after about max bytes.
        int max = 64 * 1024;
        CountingEndlessStream endless = new CountingEndlessStream();
        NdjsonDecoder decoder = new NdjsonDecoder(endless, new ObjectMapper(), max, null);
        assertThatThrownBy(decoder::next)
                .isInstanceOf(NodeToolProtocolException.class)
                .hasMessageContaining("oversize");
        assertThat(endless.served).isLessThanOrEqualTo(max + 2);
    }

    @Test
    void reportsActivityAsBytesArrive() throws IOException {
        AtomicInteger activity = new AtomicInteger();
        NdjsonDecoder decoder = new NdjsonDecoder(
                ChunkedInputStream.of("{\"a\":1}\n", 2),
                new ObjectMapper(),
                NdjsonDecoder.DEFAULT_MAX_LINE_BYTES,
                activity::incrementAndGet);
        decoder.next();
        assertThat(activity.get()).isEqualTo(4); // 8 bytes in reads of 2
    }

    @Test
    void doesNotReadBeyondTheLineItReturns() throws IOException {
        byte[] data = "{\"a\":1}\n".getBytes();
        // failPastEnd: reading again would be blocking on a live stream, so it must not happen.
        NdjsonDecoder decoder = new NdjsonDecoder(new ChunkedInputStream(data, 1, true));
        assertThat(decoder.next().get("a").asInt()).isEqualTo(1);
    }

    @Test
    void closeClosesTheStreamAndLaterReadsFail() throws IOException {
        ChunkedInputStream in = ChunkedInputStream.of("{\"a\":1}\n{\"a\":2}\n", 1);
        NdjsonDecoder decoder = new NdjsonDecoder(in);
        decoder.next();
        decoder.close();
        decoder.close();
        assertThat(in.isClosed()).isTrue();
        assertThatThrownBy(decoder::next).isInstanceOf(IOException.class);
    }

    /** An infinite stream of 'x' (no newline), counting bytes served. */
    private static final class CountingEndlessStream extends InputStream {
        long served;

        @Override
        public int read() {
            served++;
            return 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, (byte) 'x');
            served += len;
            return len;
        }
    }
}
