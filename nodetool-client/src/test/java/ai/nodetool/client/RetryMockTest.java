package ai.nodetool.client;

import static ai.nodetool.client.Gen.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.errors.InternalServerException;
import ai.nodetool.client.errors.NodeToolHttpException;
import ai.nodetool.client.errors.NodeToolIOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Retries: only idempotent calls, on the right failures, waiting as the server asks. */
class RetryMockTest {
    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    private NodeToolClient.Builder builder() {
        return NodeToolClient.builder().baseUrl(server.url("/").toString()).sleeper(sleeps::add);
    }

    private static MockResponse status(int code) {
        return json(code, "{\"detail\":\"status " + code + "\"}");
    }

    @Test
    void getIsRetriedOn5xxWithExponentialBackoffAndJitter() {
        server.enqueue(status(503));
        server.enqueue(status(502));
        server.enqueue(json(Gen.C.page(null)));
        try (NodeToolClient client = builder().build()) {
            assertThat(client.workflows().list().workflows()).isEmpty();
        }
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(sleeps).hasSize(2);
        assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(375), Duration.ofMillis(500));
        assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(750), Duration.ofMillis(1000));
    }

    @Test
    void retriesStopAtMaxRetriesAndTheLastErrorIsThrown() {
        for (int i = 0; i < 5; i++) {
            server.enqueue(status(500));
        }
        try (NodeToolClient client = builder().maxRetries(3).build()) {
            assertThatThrownBy(() -> client.workflows().get("w")).isInstanceOf(InternalServerException.class);
        }
        assertThat(server.getRequestCount()).isEqualTo(4);
        assertThat(sleeps).hasSize(3);
    }

    @Test
    void defaultIsTwoRetries() {
        for (int i = 0; i < 4; i++) {
            server.enqueue(status(503));
        }
        try (NodeToolClient client = builder().build()) {
            assertThatThrownBy(() -> client.workflows().list()).isInstanceOf(InternalServerException.class);
        }
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 503, 504})
    void retryableStatuses(int code) {
        server.enqueue(status(code));
        server.enqueue(json(Gen.C.workflow("w", "n")));
        try (NodeToolClient client = builder().build()) {
            assertThat(client.workflows().get("w").id()).isEqualTo("w");
        }
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 409, 422, 501})
    void nonRetryableStatuses(int code) {
        server.enqueue(status(code));
        try (NodeToolClient client = builder().build()) {
            assertThatThrownBy(() -> client.workflows().get("w")).isInstanceOf(NodeToolHttpException.class);
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void retryAfterSecondsIsHonoured() {
        server.enqueue(new MockResponse.Builder(status(429))
                .addHeader("Retry-After", "3")
                .build());
        server.enqueue(json(Gen.C.page(null)));
        try (NodeToolClient client = builder().build()) {
            client.workflows().list();
        }
        assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void retryAfterHttpDateIsHonouredAgainstTheInjectedClock() {
        Instant now = Instant.parse("2026-01-01T12:00:00Z");
        String date =
                DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(7).atOffset(ZoneOffset.UTC));
        server.enqueue(new MockResponse.Builder(status(503))
                .addHeader("Retry-After", date)
                .build());
        server.enqueue(json(Gen.C.page(null)));
        try (NodeToolClient client =
                builder().clock(Clock.fixed(now, ZoneOffset.UTC)).build()) {
            client.workflows().list();
        }
        assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void runsAndCreatesAreNeverRetried() {
        server.enqueue(status(503));
        server.enqueue(status(503));
        server.enqueue(status(503));
        try (NodeToolClient client = builder().maxRetries(5).build()) {
            assertThatThrownBy(() -> client.workflows().run("w", Map.of())).isInstanceOf(InternalServerException.class);
            assertThatThrownBy(() -> client.worker().run("w", Map.of())).isInstanceOf(InternalServerException.class);
            assertThatThrownBy(() -> client.workflows()
                            .create(ai.nodetool.client.workflows.WorkflowRequest.builder()
                                    .name("x")
                                    .build()))
                    .isInstanceOf(InternalServerException.class);
        }
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void putAndDeleteAreRetried() throws Exception {
        server.enqueue(status(503));
        server.enqueue(json(Gen.C.workflow("w", "n")));
        server.enqueue(status(503));
        server.enqueue(new MockResponse.Builder().code(204).build());
        try (NodeToolClient client = builder().build()) {
            client.workflows()
                    .update(
                            "w",
                            ai.nodetool.client.workflows.WorkflowRequest.builder()
                                    .name("n")
                                    .build());
            client.workflows().delete("w");
        }
        assertThat(server.getRequestCount()).isEqualTo(4);
        assertThat(server.takeRequest(10, TimeUnit.SECONDS).getMethod()).isEqualTo("PUT");
        assertThat(server.takeRequest(10, TimeUnit.SECONDS).getMethod()).isEqualTo("PUT");
        assertThat(server.takeRequest(10, TimeUnit.SECONDS).getMethod()).isEqualTo("DELETE");
        assertThat(server.takeRequest(10, TimeUnit.SECONDS).getMethod()).isEqualTo("DELETE");
    }

    @Test
    void eachAttemptAsksTheTokenProviderAgain() throws Exception {
        AtomicInteger n = new AtomicInteger();
        server.enqueue(status(503));
        server.enqueue(json(Gen.C.page(null)));
        try (NodeToolClient client =
                builder().tokenProvider(() -> "t" + n.incrementAndGet()).build()) {
            client.workflows().list();
        }
        assertThat(server.takeRequest(10, TimeUnit.SECONDS).getHeaders().get("Authorization"))
                .isEqualTo("Bearer t1");
        assertThat(server.takeRequest(10, TimeUnit.SECONDS).getHeaders().get("Authorization"))
                .isEqualTo("Bearer t2");
    }

    @Test
    void aRetryAfterLongerThanAMinuteIsNotWaitedFor() {
        server.enqueue(new MockResponse.Builder(status(503))
                .addHeader("Retry-After", "3600")
                .build());
        try (NodeToolClient client = builder().build()) {
            assertThatThrownBy(() -> client.workflows().list()).isInstanceOf(InternalServerException.class);
        }
        assertThat(sleeps).isEmpty();
    }

    @Test
    void maxRetriesZeroDisablesRetrying() {
        server.enqueue(status(503));
        try (NodeToolClient client = builder().maxRetries(0).build()) {
            assertThatThrownBy(() -> client.workflows().list()).isInstanceOf(InternalServerException.class);
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void connectFailuresOfIdempotentCallsAreRetriedButRunsAreNot() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (NodeToolClient client = NodeToolClient.builder()
                .baseUrl("http://127.0.0.1:" + closedPort)
                .sleeper(sleeps::add)
                .build()) {
            assertThatThrownBy(() -> client.workflows().list())
                    .isExactlyInstanceOf(NodeToolIOException.class)
                    .hasMessageContaining("could not connect to 127.0.0.1:" + closedPort);
            assertThat(sleeps).hasSize(2);
            sleeps.clear();
            assertThatThrownBy(() -> client.workflows().run("w", Map.of()))
                    .isExactlyInstanceOf(NodeToolIOException.class);
            assertThat(sleeps).isEmpty();
        }
    }

    @Test
    void interruptedSleeperFailsTheCall() {
        server.enqueue(status(503));
        try (NodeToolClient client = NodeToolClient.builder()
                .baseUrl(server.url("/").toString())
                .sleeper(d -> {
                    throw new InterruptedException();
                })
                .build()) {
            assertThatThrownBy(() -> client.workflows().list())
                    .isInstanceOf(NodeToolIOException.class)
                    .hasMessageContaining("interrupted");
        } finally {
            Thread.interrupted(); // clear the flag the client restored
        }
    }
}
