package ai.nodetool.client.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.AuthenticationException;
import ai.nodetool.client.errors.JobCancelledException;
import ai.nodetool.client.errors.JobFailedException;
import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.messages.ErrorMessage;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.messages.JobUpdate;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.session.JobHandle;
import ai.nodetool.client.session.JobSession;
import ai.nodetool.client.session.RunJobRequest;
import ai.nodetool.client.session.SessionOptions;
import ai.nodetool.client.testing.NodeToolClients;
import ai.nodetool.client.testing.RecordingSubscriber;
import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.LegacyVersion;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.BothGenerations;
import ai.nodetool.testserver.junit.OneGeneration;
import ai.nodetool.testserver.junit.ServerConfigurer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The SDK against the test server's faithful plays of NodeTool (protocol-notes §12): legacy cancel
 * with and without a terminal frame, current-server node failures and queueing, the legacy releases
 * that differ, and one output name on every run path. Each case is what a user of a real server sees.
 */
@ExtendWith(NodeToolClients.class)
class ServerFidelityServerTest {

    /** Long enough that a job ending fast cannot have been ended by the SDK's own cancel timer. */
    private static final SessionOptions PATIENT =
            SessionOptions.builder().cancelTimeout(Duration.ofSeconds(60)).build();

    private static Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    private static JobHandle startSlow(JobSession session, RecordingSubscriber<JobMessage> updates)
            throws InterruptedException {
        JobHandle job = session.runJob(RunJobRequest.builder()
                .workflowId(DemoWorkflowIds.SLOW)
                .param("steps", 400)
                .param("delay_ms", 50)
                .build());
        job.updates().subscribe(updates);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (updates.items().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(updates.items()).as("the job started").isNotEmpty();
        return job;
    }

    private static void assertEndsCancelledQuickly(JobHandle job, RecordingSubscriber<JobMessage> updates)
            throws Exception {
        long start = System.nanoTime();
        job.cancel();
        assertThat(failure(job.result())).isInstanceOf(JobCancelledException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("ended by the server's answer, not by the 60 s cancel timer")
                .isLessThan(Duration.ofSeconds(15));
        updates.awaitTerminal();
        assertThat(updates.error()).isInstanceOf(JobCancelledException.class);
        assertThat(job.isDone()).isTrue();
    }

    @OneGeneration(Generation.LEGACY)
    void legacyCancelWithoutATerminalFrameEndsTheJob(NodeToolClient client) throws Exception {
        try (JobSession session = client.connect(PATIENT)) {
            RecordingSubscriber<JobMessage> updates = new RecordingSubscriber<>();
            JobHandle job = startSlow(session, updates);
            assertEndsCancelledQuickly(job, updates);
            assertThat(session.getStatus(job.jobId()).get(10, TimeUnit.SECONDS))
                    .as("a legacy server drops a cancelled job")
                    .isEqualTo(JobStatus.NOT_FOUND);
        }
    }

    @OneGeneration(Generation.LEGACY)
    void legacyCancelWithATerminalFrameEndsTheJobOnce(NodeToolTestServer server, NodeToolClient client)
            throws Exception {
        for (Duration delay : new Duration[] {Duration.ZERO, Duration.ofMillis(300)}) {
            server.faults().legacyCancelTerminalFrame(delay);
            try (JobSession session = client.connect(PATIENT)) {
                RecordingSubscriber<JobMessage> updates = new RecordingSubscriber<>();
                JobHandle job = startSlow(session, updates);
                assertEndsCancelledQuickly(job, updates);
                Thread.sleep(delay.toMillis() + 200); // a late frame must not end the job a second time
                assertThat(updates.terminalSignals()).isEqualTo(1);
            }
        }
    }

    @BothGenerations
    void cancelOnTheCurrentServerToo(NodeToolClient client, Generation generation) throws Exception {
        try (JobSession session = client.connect(PATIENT)) {
            RecordingSubscriber<JobMessage> updates = new RecordingSubscriber<>();
            assertEndsCancelledQuickly(startSlow(session, updates), updates);
        }
    }

    @OneGeneration(Generation.CURRENT)
    void currentNodeFailureCarriesTheRunnersTextWithoutAnErrorFrame(NodeToolClient client) throws Exception {
        try (JobSession session = client.connect()) {
            JobHandle job = session.runJob(
                    RunJobRequest.builder().workflowId(DemoWorkflowIds.FAIL).build());
            RecordingSubscriber<JobMessage> updates = new RecordingSubscriber<>();
            job.updates().subscribe(updates);
            assertThatThrownBy(job::await)
                    .isInstanceOfSatisfying(
                            JobFailedException.class,
                            e -> assertThat(e.error()).startsWith("Node \"").contains("failed: Something went wrong"));
            updates.awaitTerminal();
            assertThat(updates.items()).noneMatch(m -> m instanceof ErrorMessage);
        }
    }

    @OneGeneration(Generation.CURRENT)
    void aSecondRunOfTheSameWorkflowIsQueuedAndStillCompletes(NodeToolClient client) throws Exception {
        try (JobSession session = client.connect()) {
            JobHandle first = session.runJob(slowRun());
            JobHandle second = session.runJob(slowRun());
            RecordingSubscriber<JobMessage> updates = new RecordingSubscriber<>();
            second.updates().subscribe(updates);

            assertThat(first.await().status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(second.await().status()).isEqualTo(JobStatus.COMPLETED);
            updates.awaitTerminal();
            JobUpdate queued = updates.items().stream()
                    .filter(m -> m instanceof JobUpdate u && u.status().equals(JobStatus.QUEUED))
                    .map(JobUpdate.class::cast)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no queued update in " + updates.items()));
            assertThat(queued.queuePosition()).isEqualTo(1L);
        }
    }

    private static RunJobRequest slowRun() { // a request per run: each request carries its own job id
        return RunJobRequest.builder()
                .workflowId(DemoWorkflowIds.SLOW)
                .param("steps", 3)
                .param("delay_ms", 100)
                .build();
    }

    /** Plays a legacy release before v0.6.3-rc27, whose blocking run answers {} even when it failed. */
    public static final class BeforeRc27 implements ServerConfigurer {
        @Override
        public void configure(Generation generation, NodeToolTestServer.Builder builder) {
            builder.legacyVersion(LegacyVersion.V0_6_3_RC26);
        }
    }

    @OneGeneration(value = Generation.LEGACY, configure = BeforeRc27.class)
    void anEmptyLegacyRunResultIsNeverASuccess(NodeToolTestServer server, NodeToolClient client) {
        assertThatThrownBy(() -> client.workflows().run(DemoWorkflowIds.GREETING, Map.of("name", "Ada")))
                .isInstanceOf(NodeToolProtocolException.class)
                .hasMessageContaining("workflows().stream(");
        assertThat(server.requests().stream().filter(r -> r.path().endsWith("/run")))
                .as("the run is sent once")
                .hasSize(1);
        RunResult streamed = client.workflows().stream(DemoWorkflowIds.GREETING, Map.of("name", "Ada"))
                .await();
        assertThat(streamed.output("greeting", String.class)).isEqualTo("Hello, Ada!");
    }

    /** v0.6.1 refuses an unauthenticated socket with HTTP 403 before accepting it. */
    public static final class V061 implements ServerConfigurer {
        @Override
        public void configure(Generation generation, NodeToolTestServer.Builder builder) {
            builder.legacyVersion(LegacyVersion.V0_6_1);
        }
    }

    /** v0.6.2 on accepts the socket, then closes it with 1008. */
    public static final class V062 implements ServerConfigurer {
        @Override
        public void configure(Generation generation, NodeToolTestServer.Builder builder) {
            builder.legacyVersion(LegacyVersion.V0_6_2);
        }
    }

    @OneGeneration(value = Generation.LEGACY, token = "s3cret", configure = V061.class)
    void aRefusedTokenFailsConnectOnV061(NodeToolTestServer server) {
        try (NodeToolClient wrong =
                NodeToolClients.builderFor(server.baseUrl()).apiToken("wrong").build()) {
            assertThatThrownBy(wrong::connect).isInstanceOf(AuthenticationException.class);
        }
    }

    @BothGenerations(token = "s3cret")
    void aRefusedTokenFailsConnectOnEveryGeneration(NodeToolTestServer server, Generation generation) throws Exception {
        try (NodeToolClient wrong =
                NodeToolClients.builderFor(server.baseUrl()).apiToken("wrong").build()) {
            if (generation == Generation.CURRENT) {
                assertThatThrownBy(wrong::connect).isInstanceOf(AuthenticationException.class);
            } else {
                // rc.47 (the default legacy release) accepts the socket, then closes it with 1008:
                // connect() may succeed, the first command fails promptly, never by timeout
                assertAuthFailsPromptly(wrong);
            }
        }
    }

    @OneGeneration(value = Generation.LEGACY, token = "s3cret", configure = V062.class)
    void aRefusedTokenFailsTheFirstCommandPromptlyOnV062(NodeToolTestServer server) throws Exception {
        try (NodeToolClient wrong =
                NodeToolClients.builderFor(server.baseUrl()).apiToken("wrong").build()) {
            assertAuthFailsPromptly(wrong);
        }
    }

    private static void assertAuthFailsPromptly(NodeToolClient wrong) throws Exception {
        long start = System.nanoTime();
        try (JobSession session = wrong.connect()) {
            JobHandle job = session.runJob(RunJobRequest.builder()
                    .workflowId(DemoWorkflowIds.GREETING)
                    .param("name", "Ada")
                    .build());
            assertThat(failure(job.result())).isInstanceOf(AuthenticationException.class);
        } catch (AuthenticationException refusedAtConnect) {
            // also acceptable: the close came before connect() returned
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @BothGenerations
    void oneOutputNameOnEveryRunPath(NodeToolClient client, Generation generation) throws Exception {
        Map<String, Object> params = Map.of("name", "Ada");
        RunResult blocking = client.workflows().run(DemoWorkflowIds.GREETING, params);
        RunResult streamed =
                client.workflows().stream(DemoWorkflowIds.GREETING, params).await();
        RunResult overSocket;
        try (JobSession session = client.connect()) {
            overSocket = session.runJob(RunJobRequest.builder()
                            .workflowId(DemoWorkflowIds.GREETING)
                            .params(params)
                            .build())
                    .await();
        }
        for (RunResult r : new RunResult[] {blocking, streamed, overSocket}) {
            assertThat(r.output("greeting", String.class)).isEqualTo("Hello, Ada!");
        }
    }
}
