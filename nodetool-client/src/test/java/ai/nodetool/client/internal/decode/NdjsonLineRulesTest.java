package ai.nodetool.client.internal.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.nodetool.client.errors.NodeToolProtocolException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The NDJSON line rules hold with one parser over the whole body: the lines ahead of an oversize line are
 * still decoded when they arrive in the same read, a value that runs on past its line fails where it
 * started after at most one buffer, whatever follows, and strings longer than Jackson's default limit
 * decode when the line limit allows them.
 */
class NdjsonLineRulesTest {

    @ParameterizedTest(name = "reads of {0} bytes")
    @ValueSource(ints = {1, 64, 65536})
    void linesBeforeAnOversizeLineInTheSameReadAreDecodedFirst(int chunk) throws IOException {
        int max = 40;
        String text = "{\"a\":1}\n{\"a\":2}\n{\"v\":\"" + "x".repeat(60) + "\"}\n{\"a\":4}\n";
        NdjsonDecoder decoder = new NdjsonDecoder(ChunkedInputStream.of(text, chunk), new ObjectMapper(), max, null);
        assertThat(decoder.next().get("a").asInt()).isEqualTo(1);
        assertThat(decoder.next().get("a").asInt()).isEqualTo(2);
        NodeToolProtocolException e = catchThrowableOfType(NodeToolProtocolException.class, decoder::next);
        assertThat(e).hasMessageContaining("oversize").hasMessageContaining("line 3");
        assertThat(e.lineNumber()).hasValue(3);
    }

    @Test
    void aValueRunningOnPastItsLineFailsWithinOneBuffer() {
        // "[" then an endless run of "1,\n" lines: each line is short, the value never ends.
        InputStream endless = new InputStream() {
            long served;

            @Override
            public int read() {
                return read(new byte[1], 0, 1) < 0 ? -1 : 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                for (int i = 0; i < len; i++) {
                    b[off + i] = served == 0
                            ? (byte) '['
                            : (byte) ((served % 3 == 1) ? '1' : (served % 3 == 2) ? ',' : '\n');
                    served++;
                }
                if (served > 1_000_000) {
                    throw new AssertionError("the decoder kept reading a value that spans lines");
                }
                return len;
            }
        };
        NdjsonDecoder decoder = new NdjsonDecoder(endless);
        NodeToolProtocolException e = catchThrowableOfType(NodeToolProtocolException.class, decoder::next);
        assertThat(e).hasMessageContaining("line 1").hasMessageContaining("does not end on its line");
        assertThat(e.lineNumber()).hasValue(1);
    }

    @Test
    void aValueSpreadOverTwoLinesWithinOneReadIsMalformed() {
        NdjsonDecoder decoder = new NdjsonDecoder(ChunkedInputStream.of("{\"a\":\n1}\n{\"b\":2}\n", 8192));
        NodeToolProtocolException e = catchThrowableOfType(NodeToolProtocolException.class, decoder::next);
        assertThat(e.lineNumber()).hasValue(1);
        assertThat(e).hasMessageContaining("line 1");
    }

    @Test
    void stringsLongerThanJacksonsDefaultLimitDecodeWhenTheLineLimitAllowsThem() throws IOException {
        int length = 21_000_000; // over StreamReadConstraints' default of 20,000,000
        byte[] line = ("{\"v\":\"" + "y".repeat(length) + "\"}\n").getBytes(StandardCharsets.US_ASCII);
        NdjsonDecoder decoder =
                new NdjsonDecoder(new java.io.ByteArrayInputStream(line), new ObjectMapper(), length + 16, null);
        assertThat(decoder.next().get("v").asText()).hasSize(length);
        assertThat(decoder.next()).isNull();
    }
}
