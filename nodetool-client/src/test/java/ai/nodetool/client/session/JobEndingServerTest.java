package ai.nodetool.client.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.JobCancelledException;
import ai.nodetool.client.errors.JobFailedException;
import ai.nodetool.client.errors.NotFoundException;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.testing.NodeToolClients;
import ai.nodetool.client.testing.RecordingSubscriber;
import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.BothGenerations;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How a job ends over the WebSocket, the same on both generations of today's test server, through
 * the public API: cancel, failure text, unknown workflow, {@code await()}.
 */
@ExtendWith(NodeToolClients.class)
class JobEndingServerTest {

    private static Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    @BothGenerations
    void unknownWorkflowIsNotFoundOverTheSocketAsOverHttp(
            NodeToolTestServer server, NodeToolClient client, Generation generation) throws Exception {
        assertThatThrownBy(() -> client.workflows().run("no-such-workflow", Map.of()))
                .isInstanceOf(NotFoundException.class);
        try (JobSession session = client.connect()) {
            JobHandle job = session.runJob(
                    RunJobRequest.builder().workflowId("no-such-workflow").build());
            Throwable e = failure(job.result());
            assertThat(e).isInstanceOf(NotFoundException.class).hasMessageContaining("not found");
            assertThat(((NotFoundException) e).errorMessage()).containsIgnoringCase("not found");
            assertThat(job.isDone()).isTrue();
        }
    }

    @BothGenerations
    void cancelEndsTheJobCancelledWithinTheBound(
            NodeToolTestServer server, NodeToolClient client, Generation generation) throws Exception {
        try (JobSession session = client.connect(
                SessionOptions.builder().cancelTimeout(Duration.ofSeconds(3)).build())) {
            JobHandle job = session.runJob(RunJobRequest.builder()
                    .workflowId(DemoWorkflowIds.SLOW)
                    .param("steps", 200)
                    .param("delay_ms", 50)
                    .build());
            RecordingSubscriber<JobMessage> updates = new RecordingSubscriber<>();
            job.updates().subscribe(updates);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (updates.items().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(updates.items()).isNotEmpty();
            job.cancel();
            assertThat(failure(job.result())).isInstanceOf(JobCancelledException.class);
            updates.awaitTerminal();
            assertThat(updates.error()).isInstanceOf(JobCancelledException.class);
            assertThat(job.isDone()).isTrue();
            assertThatThrownBy(job::await).isInstanceOf(JobCancelledException.class);
        }
    }

    @BothGenerations
    void failingWorkflowCarriesTheServersTextOverTheSocket(
            NodeToolTestServer server, NodeToolClient client, Generation generation) throws Exception {
        try (JobSession session = client.connect()) {
            JobHandle job = session.runJob(
                    RunJobRequest.builder().workflowId(DemoWorkflowIds.FAIL).build());
            assertThatThrownBy(job::await).isInstanceOfSatisfying(JobFailedException.class, e -> {
                assertThat(e.error()).contains("Something went wrong");
                assertThat(e.jobId()).isEqualTo(job.jobId());
            });
        }
    }

    @BothGenerations
    void awaitReturnsTheResult(NodeToolTestServer server, NodeToolClient client, Generation generation)
            throws Exception {
        try (JobSession session = client.connect()) {
            JobHandle job = session.runJob(RunJobRequest.builder()
                    .workflowId(DemoWorkflowIds.GREETING)
                    .param("name", "Ada")
                    .build());
            assertThat(job.await().output("greeting", String.class)).isEqualTo("Hello, Ada!");
        }
    }
}
