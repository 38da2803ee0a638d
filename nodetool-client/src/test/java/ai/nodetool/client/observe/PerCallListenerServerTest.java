package ai.nodetool.client.observe;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.core.RequestOptions;
import ai.nodetool.client.events.NodeToolEventListener;
import ai.nodetool.client.testing.NodeToolClients;
import ai.nodetool.client.workflows.WorkflowsService;
import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.BothGenerations;
import java.util.Map;

/**
 * A per-call listener ({@code RequestOptions.eventListener}) replaces the client's for the calls and runs made
 * through that view, and only for them; {@code NONE} silences them.
 */
class PerCallListenerServerTest {

    @BothGenerations
    void aViewsListenerReplacesTheClientsForItsCallsAndRunsOnly(NodeToolTestServer server) throws Exception {
        RecordingListener clientWide = new RecordingListener();
        RecordingListener perCall = new RecordingListener();
        try (NodeToolClient client = NodeToolClients.builderFor(server.baseUrl())
                .eventListener(clientWide)
                .build()) {
            WorkflowsService view = client.workflows()
                    .withOptions(RequestOptions.builder().eventListener(perCall).build());
            view.get(DemoWorkflowIds.GREETING);
            view.run(DemoWorkflowIds.GREETING, Map.of("name", "Ada"));
            view.stream(DemoWorkflowIds.SUM, Map.of()).await();
            perCall.await("jobEnd");
            assertThat(clientWide.events)
                    .as("the client's listener hears nothing of the view")
                    .isEmpty();
            assertThat(perCall.names())
                    .contains("callStart", "callEnd", "jobStart", "streamOpen", "message", "streamEnd", "jobEnd");

            client.workflows().get(DemoWorkflowIds.GREETING);
            assertThat(clientWide.names()).containsExactly("callStart", "callEnd");

            int before = perCall.events.size();
            client.workflows()
                    .withOptions(RequestOptions.builder()
                            .eventListener(NodeToolEventListener.NONE)
                            .build())
                    .run(DemoWorkflowIds.GREETING, Map.of());
            assertThat(clientWide.names()).as("NONE silences the view's calls").hasSize(2);
            assertThat(perCall.events).hasSize(before);
        }
    }
}
