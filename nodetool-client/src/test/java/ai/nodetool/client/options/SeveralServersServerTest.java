package ai.nodetool.client.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.core.RequestOptions;
import ai.nodetool.client.errors.AuthenticationException;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.testing.NodeToolClients;
import ai.nodetool.client.workflows.WorkflowsService;
import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.BothGenerations;
import java.util.Map;

/**
 * One client, two servers: a view bound to another base URL and token sends its calls there, with
 * that token only (the client's own token and headers never leave for the other server), over the
 * client's one connection pool.
 */
class SeveralServersServerTest {

    @BothGenerations
    void aViewBoundToAnotherServerUsesItsUrlAndTokenAndTheClientsPool(NodeToolTestServer home, Generation generation) {
        try (NodeToolTestServer other = NodeToolTestServer.builder()
                        .generation(generation)
                        .token("other-token")
                        .start();
                NodeToolClient client = NodeToolClients.builderFor(home.baseUrl())
                        .apiToken("home-token")
                        .header("X-Home-Only", "1")
                        .build()) {
            WorkflowsService remote = client.workflows()
                    .withOptions(RequestOptions.builder()
                            .baseUrl(other.baseUrl())
                            .apiToken("other-token")
                            .build());

            RunResult streamed = remote.stream(DemoWorkflowIds.GREETING, Map.of("name", "Ada"))
                    .await();
            assertThat(streamed.output("greeting")).isEqualTo("Hello, Ada!");
            // The GET comes last: a stream that ends may give its connection up instead of returning it to the pool,
            // while a GET whose body is read leaves an idle connection there, so the count below does not race.
            assertThat(remote.get(DemoWorkflowIds.GREETING).id()).isEqualTo(DemoWorkflowIds.GREETING);
            assertThat(client.workflows().get(DemoWorkflowIds.GREETING).id()).isEqualTo(DemoWorkflowIds.GREETING);

            assertThat(other.requests()).isNotEmpty().allSatisfy(r -> {
                assertThat(r.header("Authorization")).isEqualTo("Bearer other-token");
                assertThat(r.header("X-Home-Only")).isNull();
            });
            assertThat(home.requests())
                    .as("only the plain call went to the client's own server")
                    .singleElement()
                    .satisfies(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer home-token"));
            assertThat(client.httpClient().connectionPool().connectionCount())
                    .as("one pool holds the connections to both servers")
                    .isGreaterThanOrEqualTo(2);
        }
    }

    @BothGenerations
    void theClientsTokenIsNeverSentToAnotherServer(NodeToolTestServer home, Generation generation) {
        try (NodeToolTestServer other = NodeToolTestServer.builder()
                        .generation(generation)
                        .token("other-token")
                        .start();
                NodeToolClient client = NodeToolClients.builderFor(home.baseUrl())
                        .apiToken("other-token") // even when it happens to be the other server's
                        .build()) {
            WorkflowsService remote = client.workflows()
                    .withOptions(
                            RequestOptions.builder().baseUrl(other.baseUrl()).build());

            assertThatThrownBy(() -> remote.get(DemoWorkflowIds.GREETING)).isInstanceOf(AuthenticationException.class);
            assertThat(other.requests())
                    .isNotEmpty()
                    .allSatisfy(r -> assertThat(r.header("Authorization")).isNull());
        }
    }
}
