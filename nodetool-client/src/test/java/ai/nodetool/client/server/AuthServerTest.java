package ai.nodetool.client.server;

import static ai.nodetool.client.server.TestServers.clientFor;
import static ai.nodetool.client.server.TestServers.received;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.AuthenticationException;
import ai.nodetool.client.errors.NotFoundException;
import ai.nodetool.client.testing.NodeToolClients;
import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.RecordedRequest;
import ai.nodetool.testserver.junit.BothGenerations;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bearer auth against a server that requires a token, and against one that does not (protocol-notes §2.3). */
@ExtendWith(NodeToolClients.class)
class AuthServerTest {
    private static final String TOKEN = "s3cret-token-4711";
    private static final String WRONG = "wrong-token-0815";

    @BothGenerations(token = TOKEN)
    void missingTokenIsRefusedWithTheGenerationsMessage(NodeToolTestServer server, Generation generation) {
        TestServers.RecordingSleeper sleeper = new TestServers.RecordingSleeper();
        try (NodeToolClient client = clientFor(server, sleeper).build()) {
            assertThatThrownBy(() -> client.workflows().get(DemoWorkflowIds.GREETING))
                    .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(401);
                        assertThat(e.errorMessage())
                                .isEqualTo(
                                        generation == Generation.LEGACY
                                                ? "Authorization header required. Use 'Authorization: Bearer <token>'."
                                                : "Unauthorized");
                    });
            RecordedRequest request = server.takeRequest();
            assertThat(request.header("authorization")).isNull();
            assertThat(received(server, "GET", "/api/workflows/greeting"))
                    .as("a 401 is not retried")
                    .hasSize(1);
            assertThat(sleeper.delays).isEmpty();
        }
    }

    @BothGenerations(token = TOKEN)
    void wrongTokenIsRefusedAndNeverEchoed(NodeToolTestServer server, Generation generation) {
        try (NodeToolClient client = clientFor(server, new TestServers.RecordingSleeper())
                .apiToken(WRONG)
                .build()) {
            assertThatThrownBy(() -> client.workflows().run(DemoWorkflowIds.GREETING, Map.of()))
                    .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                        assertThat(e.errorMessage())
                                .isEqualTo(
                                        generation == Generation.LEGACY
                                                ? "Invalid authentication token."
                                                : "Unauthorized");
                        assertThat(e.getMessage()).doesNotContain(WRONG);
                        assertThat(e.toString()).doesNotContain(WRONG);
                        assertThat(e.rawBody()).doesNotContain(WRONG);
                        assertThat(e.headers().toString()).doesNotContain(WRONG);
                    });
            assertThat(server.takeRequest().header("authorization")).isEqualTo("Bearer " + WRONG);
            assertThat(client.toString()).doesNotContain(WRONG);
        }
    }

    @BothGenerations(token = TOKEN)
    void theRightTokenIsSentOnEveryCallAndNeverAppearsInErrors(NodeToolTestServer server) {
        try (NodeToolClient client = clientFor(server, new TestServers.RecordingSleeper())
                .apiToken(TOKEN)
                .build()) {
            assertThat(client.workflows().list().workflows()).isNotEmpty();
            assertThat(client.workflows().get(DemoWorkflowIds.GREETING).id()).isEqualTo("greeting");
            assertThat(client.workflows()
                            .run(DemoWorkflowIds.SUM, Map.of("a", 1, "b", 2))
                            .outputs())
                    .hasSize(1);
            assertThatThrownBy(() -> client.workflows().get("nope"))
                    .isInstanceOfSatisfying(NotFoundException.class, e -> {
                        assertThat(e.getMessage()).doesNotContain(TOKEN);
                        assertThat(e.toString()).doesNotContain(TOKEN);
                    });

            assertThat(server.requests())
                    .isNotEmpty()
                    .allSatisfy(r -> assertThat(r.header("authorization")).isEqualTo("Bearer " + TOKEN));
        }
    }

    @BothGenerations(token = TOKEN)
    void aTokenProviderIsAskedOnEveryRequest(NodeToolTestServer server) {
        AtomicInteger asked = new AtomicInteger();
        try (NodeToolClient client = clientFor(server, new TestServers.RecordingSleeper())
                .tokenProvider(() -> asked.incrementAndGet() == 1 ? WRONG : TOKEN)
                .build()) {
            assertThatThrownBy(() -> client.workflows().get(DemoWorkflowIds.GREETING))
                    .isInstanceOf(AuthenticationException.class);
            assertThat(client.workflows().get(DemoWorkflowIds.GREETING).id())
                    .as("the rotated token works")
                    .isEqualTo("greeting");
        }
    }

    @BothGenerations(token = TOKEN)
    void publicRoutesNeedNoTokenOnlyOnCurrentServers(NodeToolClient client, Generation generation) {
        if (generation == Generation.CURRENT) {
            assertThat(client.workflows().listPublic().workflows()).isNotEmpty();
            assertThat(client.workflows().getPublic(DemoWorkflowIds.GREETING).id())
                    .isEqualTo("greeting");
            assertThat(client.workflows().examples().workflows()).hasSize(8);
        } else {
            assertThatThrownBy(() -> client.workflows().listPublic()).isInstanceOf(AuthenticationException.class);
            assertThatThrownBy(() -> client.workflows().examples()).isInstanceOf(AuthenticationException.class);
        }
    }

    @BothGenerations
    void withoutAuthOnTheServerNoHeaderIsNeededOrSent(NodeToolTestServer server, NodeToolClient client) {
        assertThat(client.hasToken()).isFalse();
        assertThat(client.workflows().get(DemoWorkflowIds.GREETING).id()).isEqualTo("greeting");
        assertThat(server.takeRequest().header("authorization")).isNull();
    }
}
