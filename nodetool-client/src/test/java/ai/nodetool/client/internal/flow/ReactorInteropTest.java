package ai.nodetool.client.internal.flow;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.internal.decode.NdjsonDecoder;
import ai.nodetool.client.internal.decode.SseDecoder;
import ai.nodetool.client.internal.decode.SseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;

/**
 * A real Reactive Streams library (Reactor) consuming the publisher, fed by the real decoders:
 * what a user composing our streams with Reactor would see.
 */
class ReactorInteropTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static String ndjson(int lines) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            sb.append("{\"type\":\"node_progress\",\"progress\":").append(i).append("}\n");
        }
        return sb.toString();
    }

    @Test
    void takeCancelsUpstreamAndClosesTheBody() {
        CloseTracking body = new CloseTracking(ndjson(1000));
        NdjsonDecoder decoder = new NdjsonDecoder(body);
        StreamPublisher<JsonNode> publisher = StreamPublisher.pull(
                heartbeat -> decoder, null, FlowOptions.defaults().withName("reactor-take"));

        List<Integer> progress = JdkFlowAdapter.flowPublisherToFlux(publisher)
                .take(3)
                .map(node -> node.get("progress").asInt())
                .collectList()
                .block(TIMEOUT);

        assertThat(progress).containsExactly(0, 1, 2);
        assertThat(body.closes.get()).isEqualTo(1);
        // Demand-driven: only the lines Reactor asked for were parsed (take(3) requests 3).
        assertThat(decoder.lineNumber()).isEqualTo(3);
    }

    @Test
    void limitRateConsumesAWholeStreamInOrder() {
        NdjsonDecoder decoder =
                new NdjsonDecoder(new ByteArrayInputStream(ndjson(5000).getBytes(StandardCharsets.UTF_8)));
        StreamPublisher<JsonNode> publisher = StreamPublisher.pull(
                heartbeat -> decoder, null, FlowOptions.defaults().withName("reactor-rate"));
        List<Integer> progress = JdkFlowAdapter.flowPublisherToFlux(publisher)
                .limitRate(7)
                .map(node -> node.get("progress").asInt())
                .collectList()
                .block(TIMEOUT);
        assertThat(progress).hasSize(5000).isSorted().startsWith(0, 1).endsWith(4999);
    }

    @Test
    void malformedLineSurfacesAsReactorError() {
        String text = ndjson(2) + "{not json}\n" + ndjson(2);
        NdjsonDecoder decoder = new NdjsonDecoder(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        Flux<JsonNode> flux = JdkFlowAdapter.flowPublisherToFlux(StreamPublisher.pull(
                heartbeat -> decoder, null, FlowOptions.defaults().withName("reactor-error")));
        AtomicInteger seen = new AtomicInteger();
        Throwable error = flux.doOnNext(n -> seen.incrementAndGet())
                .then()
                .map(v -> (Throwable) null)
                .onErrorResume(t -> reactor.core.publisher.Mono.just(t))
                .block(TIMEOUT);
        assertThat(seen.get()).isEqualTo(2);
        assertThat(error).isInstanceOf(NodeToolProtocolException.class);
        assertThat(((NodeToolProtocolException) error).lineNumber()).hasValue(3);
    }

    @Test
    void sseEventsEndAtDoneThroughReactor() {
        String text =
                "data: {\"type\":\"job_update\"}\n\n: keep-alive\n\ndata: {\"type\":\"complete\"}\n\ndata: [DONE]\n\n";
        SseDecoder decoder = new SseDecoder(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        StreamPublisher<JsonNode> publisher = StreamPublisher.pull(
                heartbeat -> decoder.map(SseEvent::json),
                null,
                FlowOptions.defaults().withName("reactor-sse"));
        List<String> types = JdkFlowAdapter.flowPublisherToFlux(publisher)
                .map(node -> node.get("type").asText())
                .collectList()
                .block(TIMEOUT);
        assertThat(types).containsExactly("job_update", "complete");
        assertThat(decoder.doneReceived()).isTrue();
    }

    @Test
    void pushModeCancellationRunsTheReleaseHook() {
        AtomicInteger released = new AtomicInteger();
        PushPublisher<Integer> publisher = StreamPublisher.push(
                100, null, released::incrementAndGet, FlowOptions.defaults().withName("reactor-push"));
        for (int i = 0; i < 10; i++) {
            publisher.offer(i);
        }
        List<Integer> first = JdkFlowAdapter.flowPublisherToFlux(publisher)
                .take(4)
                .collectList()
                .block(TIMEOUT);
        assertThat(first).containsExactly(0, 1, 2, 3);
        assertThat(released.get()).isEqualTo(1);
        assertThat(publisher.offer(10)).isFalse();
    }

    /** A body stream that counts close() calls, as OkHttp's response body would release the socket. */
    private static final class CloseTracking extends FilterInputStream {
        final AtomicInteger closes = new AtomicInteger();

        CloseTracking(String text) {
            super(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public void close() throws IOException {
            closes.incrementAndGet();
            super.close();
        }
    }
}
