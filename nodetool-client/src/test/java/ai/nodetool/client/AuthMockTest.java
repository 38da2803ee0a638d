package ai.nodetool.client;

import static ai.nodetool.client.Gen.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.errors.AuthenticationException;
import ai.nodetool.client.errors.NodeToolIOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Bearer auth on and off, token rotation, and the token never leaking. */
class AuthMockTest {
    private static final String TOKEN = "ntk_secret_token_42";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(10, TimeUnit.SECONDS);
        assertThat(r).isNotNull();
        return r;
    }

    private NodeToolClient.Builder builder() {
        return NodeToolClient.builder()
                .baseUrl(server.url("/").toString())
                .environment(name -> null) // isolate from the machine's NODETOOL_API_TOKEN
                .sleeper(d -> {});
    }

    @Test
    void tokenIsSentAsBearerHeader() throws Exception {
        server.enqueue(json(Gen.C.page(null)));
        try (NodeToolClient client = builder().apiToken(TOKEN).build()) {
            client.workflows().list();
        }
        assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    }

    @Test
    void noTokenMeansNoAuthorizationHeader() throws Exception {
        server.enqueue(json(Gen.C.page(null)));
        server.enqueue(json(Gen.C.page(null)));
        try (NodeToolClient client = builder().build();
                NodeToolClient blank = builder().apiToken("  ").build()) {
            client.workflows().list();
            blank.workflows().list();
            assertThat(client.hasToken()).isFalse();
        }
        assertThat(take().getHeaders().get("Authorization")).isNull();
        assertThat(take().getHeaders().get("Authorization")).isNull();
    }

    @Test
    void tokenProviderIsAskedForEveryRequest() throws Exception {
        AtomicInteger n = new AtomicInteger();
        server.enqueue(json(Gen.C.page(null)));
        server.enqueue(json(Gen.C.page(null)));
        try (NodeToolClient client =
                builder().tokenProvider(() -> "tok-" + n.incrementAndGet()).build()) {
            client.workflows().list();
            client.workflows().list();
        }
        assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer tok-1");
        assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer tok-2");
    }

    @Test
    void extraHeadersAreSentAndCannotBeLostByRetries() throws Exception {
        server.enqueue(json(503, "{\"detail\":\"busy\"}"));
        server.enqueue(json(Gen.C.page(null)));
        try (NodeToolClient client = builder()
                .header("X-Tenant", "acme")
                .headers(Map.of("X-Trace", "t1"))
                .build()) {
            client.workflows().list();
        }
        for (int i = 0; i < 2; i++) {
            RecordedRequest r = take();
            assertThat(r.getHeaders().get("X-Tenant")).isEqualTo("acme");
            assertThat(r.getHeaders().get("X-Trace")).isEqualTo("t1");
        }
    }

    @ParameterizedTest
    @EnumSource(Gen.class)
    void refusedTokenGivesAuthenticationExceptionWithoutTheToken(Gen gen) {
        server.enqueue(gen.unauthorized());
        try (NodeToolClient client = builder().apiToken(TOKEN).build()) {
            assertThatThrownBy(() -> client.workflows().list())
                    .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(401);
                        assertThat(e.errorMessage()).isEqualTo(gen.unauthorizedText());
                        assertThat(e.getMessage())
                                .contains(gen.unauthorizedText())
                                .doesNotContain(TOKEN);
                        if (gen == Gen.A) {
                            assertThat(e.header("WWW-Authenticate")).contains("Bearer");
                        } else {
                            assertThat(e.requestId()).contains("req-401");
                        }
                    });
        }
    }

    @Test
    void aServerEchoingTheTokenIsScrubbedEverywhere() {
        server.enqueue(json(401, "{\"detail\":\"Invalid token " + TOKEN + "\"}"));
        try (NodeToolClient client = builder().apiToken(TOKEN).build()) {
            assertThatThrownBy(() -> client.workflows().get("x"))
                    .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                        assertThat(e.getMessage()).doesNotContain(TOKEN).contains("Invalid token ***");
                        assertThat(e.errorMessage()).doesNotContain(TOKEN);
                        assertThat(e.rawBody()).doesNotContain(TOKEN);
                    });
        }
    }

    @Test
    void toStringNeverShowsTheToken() {
        try (NodeToolClient client = builder().apiToken(TOKEN).build()) {
            assertThat(client.toString()).doesNotContain(TOKEN).contains("<set>");
            assertThat(client.toBuilder().toString()).doesNotContain(TOKEN);
            assertThat(client.hasToken()).isTrue();
        }
    }

    @Test
    void connectionFailureMessagesDoNotContainTheToken() {
        try (NodeToolClient client = NodeToolClient.builder()
                .baseUrl("http://127.0.0.1:1/")
                .apiToken(TOKEN)
                .maxRetries(0)
                .build()) {
            assertThatThrownBy(() -> client.workflows().list())
                    .isInstanceOf(NodeToolIOException.class)
                    .satisfies(e -> assertThat(String.valueOf(e.getMessage())).doesNotContain(TOKEN));
        }
    }
}
