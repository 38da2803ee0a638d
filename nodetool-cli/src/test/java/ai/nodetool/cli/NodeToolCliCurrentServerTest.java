package ai.nodetool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.messages.NodeProgress;
import ai.nodetool.client.session.JobHandle;
import ai.nodetool.client.session.JobSession;
import ai.nodetool.client.session.RunJobRequest;
import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.NodeToolTestServerExtension;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The CLI against the current server generation: outputs by name, /ws, status through reconnect_job. */
@ExtendWith(NodeToolTestServerExtension.class)
@NodeToolTestServerExtension.Config(generation = Generation.CURRENT, token = "tok")
class NodeToolCliCurrentServerTest {
    private final Captured out = new Captured();
    private final Captured err = new Captured();

    private int cli(NodeToolTestServer server, String... args) {
        Map<String, String> env = Map.of("NODETOOL_API_URL", server.baseUrl(), "NODETOOL_API_TOKEN", "tok");
        return new NodeToolCli(out.stream, err.stream, env::get, false).run(args);
    }

    @Test
    void runBlockingAndOverWebSocket(NodeToolTestServer server) {
        assertThat(cli(server, "run", "sum", "--param", "a=3", "--param", "b=4"))
                .isEqualTo(0);
        assertThat(cli(server, "run", "greeting", "--ws", "--param", "name=Eve"))
                .isEqualTo(0);

        assertThat(out.text())
                .isEqualTo("sum: 7" + System.lineSeparator() + "greeting: Hello, Eve!" + System.lineSeparator());
    }

    @Test
    void statusOfAJobOfAnotherConnectionAndOfAFinishedOne(NodeToolTestServer server) throws Exception {
        try (NodeToolClient client = NodeToolClient.builder()
                        .baseUrl(server.baseUrl())
                        .apiToken("tok")
                        .build();
                JobSession session = client.connect()) {
            JobHandle slow = session.runJob(RunJobRequest.builder()
                    .workflowId(DemoWorkflowIds.SLOW)
                    .params(Map.of("steps", 200, "delay_ms", 50))
                    .build());
            FirstMessage.of(slow.updates(), NodeProgress.class).get(10, TimeUnit.SECONDS);
            JobHandle quick = session.runJob(
                    RunJobRequest.builder().workflowId(DemoWorkflowIds.SUM).build());
            quick.result().get(10, TimeUnit.SECONDS);

            assertThat(cli(server, "status", slow.jobId())).isEqualTo(0);
            assertThat(cli(server, "status", quick.jobId())).isEqualTo(0);
            assertThat(cli(server, "cancel", slow.jobId())).isEqualTo(0);

            assertThat(out.text())
                    .startsWith(slow.jobId() + ": running" + System.lineSeparator() + quick.jobId() + ": completed"
                            + System.lineSeparator() + slow.jobId() + ": ");
        }
    }
}
