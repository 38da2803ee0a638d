package ai.nodetool.client.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.NotFoundException;
import ai.nodetool.client.errors.UnsupportedByServerException;
import ai.nodetool.client.session.JobSession;
import ai.nodetool.client.testing.NodeToolClients;
import ai.nodetool.client.workflows.WorkflowInterface;
import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.junit.BothGenerations;
import ai.nodetool.testserver.junit.OneGeneration;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Discovery against today's test server: the current side serves the workflow interface (on the P0 path, which
 * the client falls back to), the legacy side serves no SDK v1 route and every call says so clearly.
 */
@ExtendWith(NodeToolClients.class)
class DiscoveryServerTest {

    @OneGeneration(Generation.CURRENT)
    void interfaceOfADemoWorkflowOnACurrentServer(NodeToolClient client) {
        WorkflowInterface greeting = client.discovery().interfaceOf(DemoWorkflowIds.GREETING);

        assertThat(greeting.workflowId()).isEqualTo(DemoWorkflowIds.GREETING);
        assertThat(greeting.inputs()).extracting(WorkflowInterface.Input::name).containsExactly("name");
        assertThat(greeting.outputs())
                .extracting(WorkflowInterface.Output::name)
                .containsExactly("greeting");
    }

    @OneGeneration(Generation.CURRENT)
    void interfaceOfAnUnknownWorkflowIsNotFound(NodeToolClient client) {
        assertThatThrownBy(() -> client.discovery().interfaceOf("no-such-workflow"))
                .isExactlyInstanceOf(NotFoundException.class);
    }

    @OneGeneration(Generation.LEGACY)
    void everyDiscoveryCallOnALegacyServerIsUnsupported(NodeToolClient client) {
        DiscoveryService d = client.discovery();
        for (Runnable call : new Runnable[] {
            client::capabilities,
            d::workflowSummaries,
            () -> d.interfaceOf(DemoWorkflowIds.GREETING),
            () -> d.interfacesOf(DemoWorkflowIds.GREETING),
            () -> d.nodeTypes(null, null),
            () -> d.preflight(PreflightRequest.builder(DemoWorkflowIds.GREETING).build()),
        }) {
            assertThatThrownBy(call::run)
                    .isInstanceOfSatisfying(
                            UnsupportedByServerException.class,
                            e -> assertThat(e.serverGeneration()).isEqualTo("legacy (Gen A/B)"));
        }
    }

    @OneGeneration(Generation.CURRENT)
    void jobRecordsOnACurrentServerAreUnsupported(NodeToolClient client) {
        assertThatThrownBy(() -> client.jobs().list())
                .isInstanceOfSatisfying(
                        UnsupportedByServerException.class,
                        e -> assertThat(e.serverGeneration()).isEqualTo("current (Gen C)"));
    }

    @BothGenerations
    void aCurrentSessionRemembersItsRunnerIdALegacyOneHasNone(NodeToolClient client, Generation generation)
            throws Exception {
        try (JobSession session = client.connect()) {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (session.runnerId().isEmpty() && System.nanoTime() < deadline && generation == Generation.CURRENT) {
                Thread.sleep(10);
            }
            if (generation == Generation.CURRENT) {
                assertThat(session.runnerId()).get().asString().isNotBlank();
            } else {
                session.getStatus().get(5, java.util.concurrent.TimeUnit.SECONDS); // a round trip: frames so far are in
                assertThat(session.runnerId()).isEmpty();
            }
        }
    }
}
