package ai.nodetool.client;

import static ai.nodetool.client.Gen.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.errors.AuthenticationException;
import ai.nodetool.client.errors.BadRequestException;
import ai.nodetool.client.errors.ConflictException;
import ai.nodetool.client.errors.InternalServerException;
import ai.nodetool.client.errors.JobFailedException;
import ai.nodetool.client.errors.NodeToolHttpException;
import ai.nodetool.client.errors.NotFoundException;
import ai.nodetool.client.errors.PermissionDeniedException;
import ai.nodetool.client.errors.RateLimitException;
import ai.nodetool.client.errors.UnexpectedStatusException;
import ai.nodetool.client.errors.UnprocessableEntityException;
import java.time.Duration;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every HTTP status class maps to its exception with the server's parsed message. */
class ErrorMappingMockTest {
    @StartStop
    private final MockWebServer server = new MockWebServer();

    private NodeToolClient client() {
        return NodeToolClient.builder()
                .baseUrl(server.url("/").toString())
                .maxRetries(0)
                .build();
    }

    static Stream<Arguments> statuses() {
        return Stream.of(
                Arguments.of(
                        400,
                        "{\"detail\":\"graph is required and must have nodes and edges arrays\"}",
                        BadRequestException.class,
                        "graph is required and must have nodes and edges arrays"),
                Arguments.of(
                        401,
                        "{\"error\":\"Remote access requires authentication\"}",
                        AuthenticationException.class,
                        "Remote access requires authentication"),
                Arguments.of(
                        403,
                        "{\"detail\":\"Workflow access denied\"}",
                        PermissionDeniedException.class,
                        "Workflow access denied"),
                Arguments.of(404, "{\"detail\":\"Not Found\"}", NotFoundException.class, "Not Found"),
                Arguments.of(
                        405,
                        "{\"detail\":\"Method not allowed\"}",
                        UnexpectedStatusException.class,
                        "Method not allowed"),
                Arguments.of(
                        409,
                        "{\"detail\":\"Workflow was modified since last read (optimistic concurrency conflict)\"}",
                        ConflictException.class,
                        "Workflow was modified since last read (optimistic concurrency conflict)"),
                Arguments.of(
                        422,
                        "{\"detail\":[{\"loc\":[\"body\",\"params\"],\"msg\":\"value is not a valid dict\",\"type\":\"type_error.dict\"},"
                                + "{\"loc\":[\"query\",\"limit\"],\"msg\":\"value is not a valid integer\",\"type\":\"type_error.integer\"}]}",
                        UnprocessableEntityException.class,
                        "body.params: value is not a valid dict; query.limit: value is not a valid integer"),
                Arguments.of(
                        429,
                        "{\"detail\":\"Too many interactive debug sessions\"}",
                        RateLimitException.class,
                        "Too many interactive debug sessions"),
                Arguments.of(500, "{\"detail\":\"boom\"}", InternalServerException.class, "boom"),
                Arguments.of(
                        501,
                        "Workflow execution not available in standalone mode",
                        InternalServerException.class,
                        null),
                Arguments.of(
                        503,
                        "{\"code\":\"UNAVAILABLE\",\"message\":\"draining\",\"retryable\":true}",
                        InternalServerException.class,
                        "draining"),
                Arguments.of(418, "{\"error\":{\"message\":\"teapot\"}}", UnexpectedStatusException.class, "teapot"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statuses")
    void statusMapsToItsException(int code, String body, Class<? extends NodeToolHttpException> type, String text) {
        server.enqueue(new MockResponse.Builder()
                .code(code)
                .addHeader("Content-Type", body.startsWith("{") ? "application/json" : "text/plain")
                .addHeader("X-Request-Id", "rid-" + code)
                .body(body)
                .build());
        try (NodeToolClient client = client()) {
            assertThatThrownBy(() -> client.workflows().get("wf1"))
                    .isExactlyInstanceOf(type)
                    .isInstanceOfSatisfying(NodeToolHttpException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(code);
                        assertThat(e.errorMessage()).isEqualTo(text);
                        assertThat(e.rawBody()).isEqualTo(body);
                        assertThat(e.requestId()).contains("rid-" + code);
                        assertThat(e.headers()).containsKey("x-request-id");
                        assertThat(e.getMessage())
                                .contains("HTTP " + code)
                                .contains("GET ")
                                .contains("/api/workflows/wf1")
                                .contains("rid-" + code);
                        if (text != null) {
                            assertThat(e.getMessage()).contains(text);
                        } else {
                            assertThat(e.getMessage()).contains(body);
                        }
                    });
        }
    }

    @Test
    void rateLimitCarriesRetryAfter() {
        server.enqueue(new MockResponse.Builder()
                .code(429)
                .addHeader("Retry-After", "120")
                .addHeader("Content-Type", "application/json")
                .body("{\"detail\":\"slow down\"}")
                .build());
        try (NodeToolClient client = NodeToolClient.builder()
                .baseUrl(server.url("/").toString())
                .sleeper(d -> {
                    throw new AssertionError("must not wait 120 s");
                })
                .build()) {
            assertThatThrownBy(() -> client.workflows().list())
                    .isInstanceOfSatisfying(
                            RateLimitException.class,
                            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(120)));
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void htmlErrorPageIsNamedInTheMessage() {
        server.enqueue(new MockResponse.Builder()
                .code(502)
                .addHeader("Content-Type", "text/html")
                .body("<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>")
                .build());
        try (NodeToolClient client = client()) {
            assertThatThrownBy(() -> client.workflows().list())
                    .isInstanceOfSatisfying(InternalServerException.class, e -> {
                        assertThat(e.errorMessage()).isNull();
                        assertThat(e.getMessage()).contains("HTML error page").contains("502 Bad Gateway");
                    });
        }
    }

    @Test
    void emptyErrorBodyIsNamedInTheMessage() {
        server.enqueue(new MockResponse.Builder().code(404).build());
        try (NodeToolClient client = client()) {
            assertThatThrownBy(() -> client.workflows().get("x"))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("empty body");
        }
    }

    @Test
    void workerRunFailureIsA500WithDetailAndBecomesAFailedJob() {
        server.enqueue(json(500, "{\"detail\":\"Node failed\"}"));
        try (NodeToolClient client = client()) {
            assertThatThrownBy(() -> client.worker().run("wf1", java.util.Map.of()))
                    .isInstanceOfSatisfying(JobFailedException.class, e -> {
                        assertThat(e.error()).isEqualTo("Node failed");
                        assertThat(e.getCause())
                                .isInstanceOfSatisfying(
                                        InternalServerException.class,
                                        http -> assertThat(http.errorMessage()).isEqualTo("Node failed"));
                    });
        }
    }
}
