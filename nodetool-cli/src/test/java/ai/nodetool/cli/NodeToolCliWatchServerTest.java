package ai.nodetool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.session.JobHandle;
import ai.nodetool.client.session.JobSession;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.BothGenerations;
import ai.nodetool.testserver.junit.OneGeneration;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code nodetool watch JOB_ID} end to end: a job started by another connection (as another terminal's
 * {@code run --ws} would) is attached with {@code reconnect_job} and followed to its end; the CLI prints
 * its progress and outputs and exits with the job's outcome.
 */
class NodeToolCliWatchServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Captured out = new Captured();
    private final Captured err = new Captured();

    private int cli(NodeToolTestServer server, String... args) {
        List<String> all = new ArrayList<>(List.of("--url", server.baseUrl()));
        all.addAll(List.of(args));
        return new NodeToolCli(out.stream, err.stream, name -> null, false).run(all.toArray(new String[0]));
    }

    private static NodeToolClient client(NodeToolTestServer server) {
        return NodeToolClient.builder().baseUrl(server.baseUrl()).build();
    }

    @BothGenerations
    void followsARunningJobOfAnotherConnectionToItsEnd(NodeToolTestServer server) throws Exception {
        try (NodeToolClient client = client(server);
                JobSession session = client.connect()) {
            JobHandle job = RunningJobs.startSlow(session, 15, 40);

            // Watching takes the job's stream over from the connection that started it (protocol-notes §9.1).
            assertThat(cli(server, "watch", job.jobId())).isEqualTo(NodeToolCli.OK);

            assertThat(err.text())
                    .contains("progress " + job.jobId() + ": 15/15 (100%)")
                    .containsPattern("job \\S+ completed")
                    .doesNotContain("\tat ");
            assertThat(out.text()).endsWith("result: 15" + System.lineSeparator());
        }
    }

    @OneGeneration(Generation.CURRENT)
    void aFinishedJobIsReplayedFromItsStart(NodeToolTestServer server) throws Exception {
        String jobId;
        try (NodeToolClient client = client(server);
                JobSession session = client.connect()) {
            JobHandle job = RunningJobs.startSlow(session, 3, 40);
            job.result().get(10, TimeUnit.SECONDS);
            jobId = job.jobId();
        }

        assertThat(cli(server, "watch", jobId)).isEqualTo(NodeToolCli.OK);

        assertThat(err.text())
                .contains("Attached: the job is finished", "progress " + jobId + ": 1/3 (33%)")
                .containsPattern("job \\S+ completed");
        assertThat(out.text())
                .isEqualTo("output result: 3" + System.lineSeparator() + "result: 3" + System.lineSeparator());
    }

    @OneGeneration(Generation.CURRENT)
    void asJsonEveryMessageIsOneLineAndTheResultLast(NodeToolTestServer server) throws Exception {
        try (NodeToolClient client = client(server);
                JobSession session = client.connect()) {
            JobHandle job = RunningJobs.startSlow(session, 5, 40);

            assertThat(cli(server, "watch", job.jobId(), "--json")).isEqualTo(NodeToolCli.OK);

            List<String> lines = out.text().lines().collect(Collectors.toList());
            List<String> types = new ArrayList<>();
            for (String line : lines) {
                JsonNode node = JSON.readTree(line);
                types.add(node.has("type") ? node.get("type").asText() : "result");
            }
            assertThat(types.get(0)).isEqualTo("job_resumed");
            assertThat(types).contains("node_progress", "job_update");
            assertThat(types.get(types.size() - 1)).isEqualTo("result");
            JsonNode result = JSON.readTree(lines.get(lines.size() - 1));
            assertThat(result.get("job_id").asText()).isEqualTo(job.jobId());
            assertThat(result.get("status").asText()).isEqualTo("completed");
            assertThat(err.text()).doesNotContain("progress");
        }
    }

    @BothGenerations
    void aJobCancelledWhileWatchedExitsWithOne(NodeToolTestServer server) throws Exception {
        try (NodeToolClient client = client(server);
                JobSession session = client.connect()) {
            JobHandle job = RunningJobs.startSlow(session, 200, 40);
            Thread canceller = new Thread(() -> {
                try {
                    Thread.sleep(300);
                    job.cancel().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            canceller.start();

            int code = cli(server, "watch", job.jobId());
            canceller.join(15_000);

            assertThat(code).isEqualTo(NodeToolCli.FAILED);
            assertThat(err.text()).contains("nodetool: job " + job.jobId() + " was cancelled");
        }
    }

    @BothGenerations
    void anUnknownJobExitsWithOne(NodeToolTestServer server) {
        assertThat(cli(server, "watch", "no-such-job")).isEqualTo(NodeToolCli.FAILED);

        assertThat(err.text())
                .contains("nodetool: no job no-such-job on the server")
                .doesNotContain("\tat ");
        assertThat(out.text()).isEmpty();
    }
}
