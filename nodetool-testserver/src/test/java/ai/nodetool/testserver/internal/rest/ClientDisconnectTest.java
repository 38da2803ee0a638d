package ai.nodetool.testserver.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.testserver.internal.core.Dialect;
import ai.nodetool.testserver.internal.core.Router;
import ai.nodetool.testserver.internal.core.ServerSettings;
import ai.nodetool.testserver.internal.core.ServerState;
import ai.nodetool.testserver.internal.engine.DemoWorkflows;
import ai.nodetool.testserver.internal.net.PortServer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client that goes away mid-stream cancels the run, noticed when the next message fails to write
 * (the engine's active runs are visible only from inside).
 */
class ClientDisconnectTest {
    private ServerState state;
    private PortServer server;

    @BeforeEach
    void start() {
        ServerSettings settings = new ServerSettings(
                Dialect.legacy(), null, Duration.ZERO, Duration.ofMinutes(1), 100, Duration.ofMinutes(1), 4, 4, true);
        state = new ServerState(settings, "disconnect-test-");
        state.store().put(DemoWorkflows.slow());
        // The worker's SSE forwards no node_progress, so its test needs a run that keeps producing outputs:
        // a disconnect is noticed at the next write.
        ObjectNode ticker = state.json().createObjectNode();
        ticker.put("id", "ticker");
        ticker.put("name", "Ticker");
        ArrayNode script = ticker.putArray("script");
        for (int i = 0; i < 20_000; i++) {
            script.addObject()
                    .put("type", "output_update")
                    .put("node_id", "out")
                    .put("node_name", "Out")
                    .put("output_name", "out")
                    .put("value", i)
                    .put("delay_ms", 5);
        }
        state.store().put(ticker);
        Router router = new Router(state, new RestApi(state), exchange -> {
            throw new IllegalStateException("no WebSocket here");
        });
        server = new PortServer(InetAddress.getLoopbackAddress(), 0, router, "disconnect-test-");
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        state.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/workflows/slow/run?stream=true|{\"params\":{\"steps\":100000,\"delay_ms\":5}}",
                "/workflows/ticker/run/stream|{}"
            })
    void disconnectCancelsTheRun(String pathAndBody) throws Exception {
        String[] parts = pathAndBody.split("\\|");
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + parts[0]))
                .POST(HttpRequest.BodyPublishers.ofString(parts[1]))
                .build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        assertThat(reader.readLine()).contains("running");
        assertThat(state.engine().activeRuns()).isEqualTo(1);
        reader.close();

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (state.engine().activeRuns() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(state.engine().activeRuns())
                .as("runs left after the client went away")
                .isZero();
    }
}
