package ai.nodetool.client.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.AuthenticationException;
import ai.nodetool.client.errors.InternalServerException;
import ai.nodetool.client.errors.NodeToolException;
import ai.nodetool.client.errors.NodeToolHttpException;
import ai.nodetool.client.errors.NodeToolIOException;
import ai.nodetool.client.errors.ResponseTooLargeException;
import ai.nodetool.client.messages.RunResult;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The SDK's HTTP layer against scripted hostile servers (issue 14): a run is sent once whatever
 * the server does, the token never comes back in an exception, credentials do not follow a
 * redirect to another origin, and a huge or gzip-bombed body fails with a typed error.
 */
@Timeout(30)
class HostileHttpServerMockTest {
    private static final String TOKEN = "tok-SECRET-4711";
    private static final String HEADER_SECRET = "hdr-SECRET-0815";
    private static final String WORKFLOW = "{\"id\":\"wf\",\"name\":\"W\",\"graph\":{\"nodes\":[],\"edges\":[]}}";

    private static NodeToolClient client(String url) {
        return NodeToolClient.builder()
                .baseUrl(url)
                .apiToken(TOKEN)
                .header("X-Api-Key", HEADER_SECRET)
                .sleeper(d -> {})
                .build();
    }

    @Test
    void aRunWhosePooledConnectionTheServerDropsIsSentOnce() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(r ->
                        r.method().equals("GET") ? ScriptedPeer.Reply.json(200, WORKFLOW) : ScriptedPeer.Reply.drop());
                NodeToolClient client = client(peer.url())) {
            client.workflows().get("wf"); // leaves a pooled keep-alive connection
            assertThatThrownBy(() -> client.workflows().run("wf", Map.of("a", 1)))
                    .isInstanceOf(NodeToolIOException.class);
            assertThat(peer.count("POST")).as("POSTs the server saw").isEqualTo(1);
            assertThat(peer.requests.get(1).connection())
                    .as("the POST went over the pooled connection")
                    .isEqualTo(peer.requests.get(0).connection());
        }
    }

    @Test
    void aRunAnswered408IsSentOnce() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(r -> ScriptedPeer.Reply.json(408, "{\"detail\":\"slow\"}"));
                NodeToolClient client = client(peer.url())) {
            assertThatThrownBy(() -> client.workflows().run("wf", Map.of()))
                    .isInstanceOfSatisfying(
                            NodeToolHttpException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(408));
            assertThat(peer.count("POST")).isEqualTo(1);
        }
    }

    @Test
    void aRunAnswered503WithRetryAfterZeroIsSentOnceAndTheHeaderIsKept() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(r -> ScriptedPeer.Reply.of(
                        503,
                        "Unavailable",
                        Map.of("Retry-After", "0", "Content-Type", "application/json"),
                        "{\"detail\":\"busy\"}"));
                NodeToolClient client = client(peer.url())) {
            assertThatThrownBy(() -> client.workflows().run("wf", Map.of()))
                    .isInstanceOfSatisfying(InternalServerException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(503);
                        assertThat(e.headers()).containsEntry("retry-after", List.of("0"));
                        assertThat(e.headers().keySet()).noneMatch(k -> k.startsWith("x-nodetool"));
                    });
            assertThat(peer.count("POST")).isEqualTo(1);
            assertThatThrownBy(() -> client.worker().run("wf", Map.of())).isInstanceOf(InternalServerException.class);
            assertThat(peer.count("POST")).isEqualTo(2); // one each
        }
    }

    @Test
    void aGetWhosePooledConnectionTheServerDropsIsRetriedByTheSdk() throws Exception {
        int[] seen = {0};
        try (ScriptedPeer peer = new ScriptedPeer(
                        r -> ++seen[0] == 2 ? ScriptedPeer.Reply.drop() : ScriptedPeer.Reply.json(200, WORKFLOW));
                NodeToolClient client = NodeToolClient.builder()
                        .baseUrl(peer.url())
                        .maxRetries(1)
                        .sleeper(d -> {})
                        .build()) {
            client.workflows().get("wf");
            assertThat(client.workflows().get("wf").id()).isEqualTo("wf");
            assertThat(peer.count("GET")).isEqualTo(3);
        }
    }

    @Test
    void theTokenAndSecretHeaderValuesNeverComeBackInA401() throws Exception {
        String echo = "Bearer " + TOKEN + " key=" + HEADER_SECRET;
        try (ScriptedPeer peer = new ScriptedPeer(r -> ScriptedPeer.Reply.of(
                        401,
                        "Unauthorized",
                        Map.of(
                                "WWW-Authenticate",
                                "Bearer error=\"invalid_token\" token=\"" + TOKEN + "\"",
                                "X-Echo",
                                echo,
                                "X-Request-Id",
                                TOKEN,
                                "Content-Type",
                                "application/json"),
                        "{\"detail\":\"bad token " + TOKEN + " with " + HEADER_SECRET + "\"}"));
                NodeToolClient client = client(peer.url())) {
            Throwable thrown = null;
            try {
                client.workflows().get("wf");
            } catch (NodeToolException e) {
                thrown = e;
            }
            assertThat(thrown).isInstanceOf(AuthenticationException.class);
            AuthenticationException e = (AuthenticationException) thrown;
            String everything =
                    e.getMessage() + "|" + e + "|" + e.headers() + "|" + e.rawBody() + "|" + e.errorMessage();
            assertThat(everything)
                    .doesNotContain(TOKEN)
                    .doesNotContain(HEADER_SECRET)
                    .contains("***");
            assertThat(e.headers().get("x-echo")).containsExactly("Bearer *** key=***");
            // The server really got them: what was scrubbed was real.
            assertThat(peer.requests.get(0).header("Authorization")).isEqualTo("Bearer " + TOKEN);
        }
    }

    @Test
    void credentialsAndCustomHeadersDoNotFollowARedirectToAnotherOrigin() throws Exception {
        try (ScriptedPeer other = new ScriptedPeer(r -> ScriptedPeer.Reply.json(200, WORKFLOW));
                ScriptedPeer origin = new ScriptedPeer(r -> r.path().contains("same")
                        ? ScriptedPeer.Reply.of(307, "Redirect", Map.of("Location", "/api/workflows/wf"), "")
                        : r.path().contains("cross")
                                ? ScriptedPeer.Reply.of(
                                        302, "Found", Map.of("Location", other.url() + "/api/workflows/wf"), "")
                                : ScriptedPeer.Reply.json(200, WORKFLOW))) {
            try (NodeToolClient client = client(origin.url())) {
                client.workflows().get("cross");
                ScriptedPeer.Request atOther = other.requests.get(0);
                assertThat(atOther.header("Authorization")).isNull();
                assertThat(atOther.header("X-Api-Key")).isNull();

                client.workflows().get("same");
                ScriptedPeer.Request followed = origin.requests.get(origin.requests.size() - 1);
                assertThat(followed.path()).isEqualTo("/api/workflows/wf");
                assertThat(followed.header("Authorization")).isEqualTo("Bearer " + TOKEN);
                assertThat(followed.header("X-Api-Key")).isEqualTo(HEADER_SECRET);
            }
        }
    }

    @Test
    void aGzipBombFailsTypedAfterReadingNoMoreThanTheLimit() throws Exception {
        byte[] bomb = gzipOfZeros(64L * 1024 * 1024); // 64 MiB of zeros, ~64 KiB on the wire
        try (ScriptedPeer peer = new ScriptedPeer(r -> rawGzip(bomb));
                NodeToolClient client = NodeToolClient.builder()
                        .baseUrl(peer.url())
                        .maxResponseBytes(1024 * 1024)
                        .maxRetries(0)
                        .build()) {
            assertThatThrownBy(() -> client.workflows().list())
                    .isInstanceOfSatisfying(ResponseTooLargeException.class, e -> {
                        assertThat(e.limit()).isEqualTo(1024 * 1024);
                        assertThat(e.getMessage()).contains("maxResponseBytes");
                    });
        }
    }

    @Test
    void aDeclaredLengthOverTheLimitFailsBeforeReading() throws Exception {
        String big = "{\"s\":\"" + "x".repeat(300_000) + "\"}";
        try (ScriptedPeer peer = new ScriptedPeer(r -> ScriptedPeer.Reply.json(200, big));
                NodeToolClient client = NodeToolClient.builder()
                        .baseUrl(peer.url())
                        .maxResponseBytes(100_000)
                        .build()) {
            assertThatThrownBy(() -> client.workflows().get("wf")).isInstanceOf(ResponseTooLargeException.class);
            assertThatThrownBy(() -> client.workflows().run("wf", Map.of()))
                    .isInstanceOf(ResponseTooLargeException.class);
        }
    }

    static byte[] gzipOfZeros(long size) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes, 64 * 1024)) {
            byte[] zeros = new byte[64 * 1024];
            for (long n = 0; n < size; n += zeros.length) {
                gz.write(zeros);
            }
        }
        return bytes.toByteArray();
    }

    static ScriptedPeer.Reply rawGzip(byte[] gz) {
        String head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
                + "Content-Length: " + gz.length + "\r\n\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(gz);
        return new ScriptedPeer.Reply(out.toByteArray(), true);
    }

    @Test
    void anSseEventWithEmptyDataIsIgnoredNotFailed() throws Exception {
        String events = "data:\n\n"
                + "data\n\n"
                + "event: ping\ndata: \n\n"
                + "data: {\"type\":\"output_update\",\"node_name\":\"out\",\"value\":\"hi\"}\n\n"
                + "data:\n\n"
                + "data: {\"type\":\"complete\",\"results\":{\"out\":\"hi\"}}\n\n"
                + "data: [DONE]\n\n";
        try (ScriptedPeer peer = new ScriptedPeer(
                        r -> ScriptedPeer.Reply.of(200, "OK", Map.of("Content-Type", "text/event-stream"), events));
                NodeToolClient client =
                        NodeToolClient.builder().baseUrl(peer.url()).build()) {
            RunResult result = client.worker().stream("wf", Map.of()).result().get(10, TimeUnit.SECONDS);
            assertThat(result.outputs()).containsEntry("out", List.of("hi"));
        }
    }
}
