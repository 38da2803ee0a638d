package ai.nodetool.client.session;

import static ai.nodetool.client.session.WsPeer.obj;
import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.testing.RecordingSubscriber;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A frame whose {@code job_id} this session never sent is adopted by a waiting job only in the strict
 * legacy case (protocol-notes §8.4): a server that keeps client ids, or stamps {@code job_seq}, never
 * gets its strangers' frames routed to this session's jobs, and a legacy frame of another workflow is
 * not adopted either. Scripted peer; the frames are what each server generation sends.
 */
class StrictAdoptionMockTest {
    private WsPeer peer;
    private NodeToolClient client;

    @BeforeEach
    void start() throws Exception {
        peer = new WsPeer();
        client = NodeToolClient.builder().baseUrl(peer.baseUrl()).apiToken(null).build();
    }

    @AfterEach
    void stop() {
        client.close();
        peer.close();
    }

    private JobSession connect() throws InterruptedException {
        peer.acceptUpgrade();
        JobSession s = client.connect(SessionOptions.builder()
                .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50))
                .build());
        peer.awaitOpen();
        return s;
    }

    private static ObjectNode update(String jobId, String workflowId, String status, Long seq) {
        ObjectNode o = obj("type", "job_update", "status", status, "job_id", jobId, "workflow_id", workflowId);
        if (seq != null) {
            o.put("job_seq", seq);
        }
        if (status.equals("completed")) {
            o.putObject("result").putObject("outputs").putArray("out").add(jobId);
        }
        return o;
    }

    private static String onlyOutput(RunResult result) {
        return result.output("out", String.class);
    }

    @Test
    void aStrangerWithJobSeqIsNeverAdopted() throws Exception {
        try (JobSession session = connect()) {
            RecordingSubscriber<JobMessage> all = new RecordingSubscriber<>();
            session.messages().subscribe(all);
            JobHandle job =
                    session.runJob(RunJobRequest.builder().workflowId("wf").build());
            String id = job.jobId(); // the id this session chose (an adoption would rename the job)
            peer.takeCommand("run_job");

            peer.send(update("stranger-42", "wf", "running", 1L));
            peer.send(update("stranger-42", "wf", "completed", 2L));
            peer.send(update(id, "wf", "running", 1L));
            peer.send(update(id, "wf", "completed", 2L));

            assertThat(onlyOutput(job.result().get(5, TimeUnit.SECONDS)))
                    .as("the job's own outputs, not the stranger's")
                    .isEqualTo(id);
            assertThat(all.items()).anyMatch(m -> "stranger-42".equals(m.jobId())); // messages() still sees it
        }
    }

    @Test
    void aStrangerWithoutJobSeqIsNotAdoptedOnceTheServerKeptAClientId() throws Exception {
        try (JobSession session = connect()) {
            JobHandle first =
                    session.runJob(RunJobRequest.builder().workflowId("wf").build());
            peer.takeCommand("run_job");
            peer.send(update(first.jobId(), "wf", "running", null)); // the server kept our id
            JobHandle second =
                    session.runJob(RunJobRequest.builder().workflowId("wf").build());
            String secondId = second.jobId(); // the id this session chose (a legacy adoption would rename it)
            peer.takeCommand("run_job");

            peer.send(update("stranger-7", "wf", "completed", null));
            peer.send(update(first.jobId(), "wf", "completed", null));
            peer.send(update(secondId, "wf", "running", null));
            peer.send(update(secondId, "wf", "completed", null));

            assertThat(onlyOutput(first.result().get(5, TimeUnit.SECONDS))).isEqualTo(first.jobId());
            assertThat(onlyOutput(second.result().get(5, TimeUnit.SECONDS))).isEqualTo(secondId);
        }
    }

    @Test
    void aLegacyServerNamingItsJobsIsStillFollowedWithinTheWorkflow() throws Exception {
        try (JobSession session = connect()) {
            JobHandle job =
                    session.runJob(RunJobRequest.builder().workflowId("wf").build());
            peer.takeCommand("run_job");

            // a legacy frame of another workflow is not this job's; one of its own workflow is
            peer.send(update("server-other", "other-wf", "running", null));
            peer.send(update("server-1", "wf", "running", null));
            peer.send(update("server-1", "wf", "completed", null));

            RunResult result = job.result().get(5, TimeUnit.SECONDS);
            assertThat(onlyOutput(result)).isEqualTo("server-1");
            assertThat(result.jobId()).isEqualTo("server-1");
        }
    }
}
