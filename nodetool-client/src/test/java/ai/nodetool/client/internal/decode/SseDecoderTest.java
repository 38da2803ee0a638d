package ai.nodetool.client.internal.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.nodetool.client.errors.NodeToolProtocolException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseDecoderTest {

    private static List<SseEvent> decodeAll(SseDecoder decoder) throws IOException {
        List<SseEvent> out = new ArrayList<>();
        for (SseEvent event; (event = decoder.next()) != null; ) {
            out.add(event);
        }
        return out;
    }

    private static List<SseEvent> decodeAll(String text, int chunk) throws IOException {
        return decodeAll(new SseDecoder(ChunkedInputStream.of(text, chunk)));
    }

    @ParameterizedTest(name = "reads of {0} bytes")
    @ValueSource(ints = {1, 2, 5, 8192})
    void workerStreamAsPublishedByGenA(int chunk) throws IOException {
        // protocol-notes §5.4: one data line per event, a blank line after each, then data: [DONE].
        String text = "data: {\"type\":\"job_update\",\"data\":{\"status\":\"running\"}}\n\n"
                + "data: {\"type\":\"output_update\",\"node_name\":\"out\",\"value\":\"h\u00e9 \ud83d\ude00\"}\n\n"
                + "data: {\"type\":\"complete\",\"results\":{\"out\":\"x\"}}\n\n"
                + "data: [DONE]\n\n"
                + "data: {\"type\":\"never\"}\n\n";
        SseDecoder decoder = new SseDecoder(ChunkedInputStream.of(text, chunk));
        List<SseEvent> events = decodeAll(decoder);
        assertThat(events)
                .extracting(e -> e.json().get("type").asText())
                .containsExactly("job_update", "output_update", "complete");
        assertThat(events.get(1).json().get("value").asText()).isEqualTo("h\u00e9 \ud83d\ude00");
        assertThat(events).allSatisfy(e -> assertThat(e.type()).isEqualTo("message"));
        assertThat(decoder.doneReceived()).isTrue();
        assertThat(decoder.next()).isNull(); // stays ended; nothing after [DONE] is read
    }

    @ParameterizedTest(name = "reads of {0} bytes")
    @ValueSource(ints = {1, 3, 8192})
    void multiLineDataIsJoinedWithNewlines(int chunk) throws IOException {
        List<SseEvent> events = decodeAll("data: first\ndata:second\ndata:  third\ndata\ndata:\n\n", chunk);
        // one optional space is dropped, a second one is kept; "data" alone and "data:" add empty lines
        assertThat(events).singleElement().extracting(SseEvent::data).isEqualTo("first\nsecond\n third\n\n");
    }

    @ParameterizedTest(name = "reads of {0} bytes")
    @ValueSource(ints = {1, 2, 8192})
    void crLfAndCrlfLineEndsAllWork(int chunk) throws IOException {
        String text = "data: a\r\rdata: b\n\ndata: c\r\n\r\ndata: d1\rdata: d2\r\n\n";
        assertThat(decodeAll(text, chunk)).extracting(SseEvent::data).containsExactly("a", "b", "c", "d1\nd2");
    }

    @Test
    void aCarriageReturnEndsTheEventWithoutWaitingForMoreBytes() throws IOException {
        // On a live stream the decoder must not block to see whether an LF follows the CR.
        byte[] data = "data: live\r\r".getBytes(StandardCharsets.UTF_8);
        SseDecoder decoder = new SseDecoder(new ChunkedInputStream(data, 1, true));
        assertThat(decoder.next().data()).isEqualTo("live");
    }

    @Test
    void commentsAreIgnoredButCountAsActivity() throws IOException {
        AtomicInteger activity = new AtomicInteger();
        String text = ": keep-alive\n\n:ping\n\ndata: x\n\n";
        SseDecoder decoder = new SseDecoder(
                ChunkedInputStream.of(text, 1), SseDecoder.DEFAULT_MAX_EVENT_BYTES, activity::incrementAndGet);
        assertThat(decoder.next().data()).isEqualTo("x");
        assertThat(activity.get()).isEqualTo(text.length());
    }

    @Test
    void eventIdAndRetryFieldsAreTolerated() throws IOException {
        String text = "retry: 1500\nid: 7\nevent: update\ndata: one\n\n"
                + "data: two\n\n" // the type resets, the id persists
                + "id: bad\u0000id\nretry: soon\nfoo: bar\ndata: three\n\n";
        SseDecoder decoder = new SseDecoder(ChunkedInputStream.of(text, 4));
        SseEvent one = decoder.next();
        assertThat(one.type()).isEqualTo("update");
        assertThat(one.lastEventId()).isEqualTo("7");
        assertThat(decoder.retryMillis()).isEqualTo(1500);
        SseEvent two = decoder.next();
        assertThat(two.type()).isEqualTo("message");
        assertThat(two.lastEventId()).isEqualTo("7");
        SseEvent three = decoder.next();
        assertThat(three.lastEventId()).isEqualTo("7"); // an id containing NUL is ignored
        assertThat(decoder.retryMillis()).isEqualTo(1500); // a non-numeric retry is ignored
        assertThat(decoder.next()).isNull();
        assertThat(decoder.doneReceived()).isFalse();
    }

    @Test
    void blankLinesWithoutDataDispatchNothing() throws IOException {
        assertThat(decodeAll("\n\n\nevent: lonely\n\ndata: x\n\n", 1))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.data()).isEqualTo("x");
                    assertThat(e.type()).isEqualTo("message"); // the data-less event's type was discarded
                });
    }

    @ParameterizedTest(name = "reads of {0} bytes")
    @ValueSource(ints = {1, 8192})
    void anIncompleteEventAtEndOfInputIsDiscarded(int chunk) throws IOException {
        assertThat(decodeAll("data: a\n\ndata: b\n", chunk))
                .extracting(SseEvent::data)
                .containsExactly("a");
        assertThat(decodeAll("data: a\n\ndata: b", chunk))
                .extracting(SseEvent::data)
                .containsExactly("a");
        SseDecoder decoder = new SseDecoder(ChunkedInputStream.of("data: a\n\ndata: b", chunk));
        decodeAll(decoder);
        assertThat(decoder.doneReceived()).isFalse();
    }

    @Test
    void leadingByteOrderMarkIsSkipped() throws IOException {
        assertThat(decodeAll("\ufeffdata: x\n\n", 1)).extracting(SseEvent::data).containsExactly("x");
    }

    @Test
    void oversizeLineFails() {
        int max = 50;
        String line = "data: " + "y".repeat(200) + "\n\n";
        SseDecoder decoder = new SseDecoder(ChunkedInputStream.of(line, 1), max, null);
        NodeToolProtocolException e = catchThrowableOfType(NodeToolProtocolException.class, decoder::next);
        assertThat(e).hasMessageContaining("oversize");
        assertThat(e.lineNumber()).hasValue(1);
    }

    @Test
    void oversizeEventAcrossManyDataLinesFails() throws IOException {
        int max = 50;
        String ok = "data: " + "a".repeat(24) + "\ndata: " + "b".repeat(25) + "\n\n"; // 24 + 1 + 25 = 50
        String tooBig = "data: " + "a".repeat(30) + "\ndata: " + "b".repeat(30) + "\n\n";
        SseDecoder decoder = new SseDecoder(ChunkedInputStream.of(ok + tooBig, 7), max, null);
        assertThat(decoder.next().data()).hasSize(50);
        NodeToolProtocolException e = catchThrowableOfType(NodeToolProtocolException.class, decoder::next);
        assertThat(e).hasMessageContaining("oversize");
        assertThat(e.lineNumber()).hasValue(5);
        assertThatThrownBy(decoder::next).isSameAs(e);
    }

    @Test
    void malformedJsonDataNamesTheEventsLine() throws IOException {
        SseEvent event = decodeAll("data: {\"a\":1}\n\ndata: {oops\n\n", 1).get(1);
        NodeToolProtocolException e = catchThrowableOfType(NodeToolProtocolException.class, event::json);
        assertThat(e.lineNumber()).hasValue(4);
        assertThat(e).hasMessageContaining("line 4").hasMessageContaining("malformed JSON");
    }

    @Test
    void closeClosesTheStream() throws IOException {
        ChunkedInputStream in = ChunkedInputStream.of("data: a\n\ndata: b\n\n", 1);
        SseDecoder decoder = new SseDecoder(in);
        decoder.next();
        decoder.close();
        assertThat(in.isClosed()).isTrue();
        assertThatThrownBy(decoder::next).isInstanceOf(IOException.class);
    }
}
