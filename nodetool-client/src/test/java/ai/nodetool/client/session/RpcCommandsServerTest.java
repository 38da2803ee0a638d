package ai.nodetool.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.UnsupportedByServerException;
import ai.nodetool.client.testing.NodeToolClients;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.OneGeneration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On a legacy server an RPC command fails at once with a clear error and is never sent (a Gen A socket would
 * close on an unknown command), and the session stays usable.
 */
@ExtendWith(NodeToolClients.class)
class RpcCommandsServerTest {

    @OneGeneration(Generation.LEGACY)
    void rpcOnALegacySessionIsUnsupportedAndNothingIsSent(NodeToolTestServer server, NodeToolClient client)
            throws Exception {
        try (JobSession session = client.connect()) {
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                    ExecutionException.class,
                    () -> session.getWorkflow("greeting").get(5, TimeUnit.SECONDS));

            assertThat(e.getCause())
                    .isInstanceOfSatisfying(
                            UnsupportedByServerException.class,
                            u -> assertThat(u.serverGeneration()).isEqualTo("legacy (Gen A/B)"));
            assertThat(server.commands()).noneMatch(c -> c.command().equals("get_workflow"));
            assertThat(session.getStatus().get(5, TimeUnit.SECONDS)).isNotNull();
            assertThat(session.isOpen()).isTrue();
        }
    }
}
