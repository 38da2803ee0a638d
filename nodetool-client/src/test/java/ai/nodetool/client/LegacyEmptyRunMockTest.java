package ai.nodetool.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.messages.RunResult;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A legacy blocking run before v0.6.3-rc27 answers {@code {}} with HTTP 200 for every run, failed
 * ones included (protocol-notes §5.2): the SDK never reports that as a success, and never sends the
 * run twice.
 */
class LegacyEmptyRunMockTest {
    @StartStop
    private final MockWebServer server = new MockWebServer();

    private NodeToolClient client;

    private NodeToolClient client() {
        client = NodeToolClient.builder()
                .baseUrl(server.url("/").toString())
                .sleeper(d -> {})
                .build();
        return client;
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    private void emptyAnswer() {
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/json")
                .body("{}")
                .build());
    }

    @Test
    void emptyAnswerIsNeverASuccessAndTheRunIsSentOnce() throws Exception {
        emptyAnswer();
        assertThatThrownBy(() -> client().workflows().run("wf", Map.of("a", 1)))
                .isInstanceOf(NodeToolProtocolException.class)
                .hasMessageContaining("{}")
                .hasMessageContaining("v0.6.3-rc27")
                .hasMessageContaining("stream");
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/api/workflows/wf/run");
    }

    @Test
    void emptyAnswerFailsTheAsyncRunToo() throws Exception {
        emptyAnswer();
        try {
            client().workflows().runAsync("wf", Map.of()).get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(NodeToolProtocolException.class);
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aFlatMapWithOutputsIsStillASuccess() {
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/json")
                .body("{\"result\":\"ok\"}")
                .build());
        RunResult r = client().workflows().run("wf", Map.of());
        assertThat(r.output("result")).isEqualTo("ok");
    }
}
