package ai.nodetool.client.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.AuthenticationException;
import ai.nodetool.client.errors.JobCancelledException;
import ai.nodetool.client.errors.NodeToolException;
import ai.nodetool.client.errors.NodeToolIOException;
import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.internal.json.Trees;
import ai.nodetool.client.messages.CommandReply;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.JobResumed;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.messages.NodeProgress;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.testing.RecordingSubscriber;
import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.BothGenerations;
import ai.nodetool.testserver.junit.OneGeneration;
import ai.nodetool.testserver.junit.ServerConfigurer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The session against the test server, in both generations ({@code /predict} legacy, {@code /ws} current). */
class JobSessionServerTest {
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private <T extends AutoCloseable> T track(T c) {
        open.add(c);
        return c;
    }

    /** Lets several jobs queue behind one running job. */
    static final class OneJobPerConnection implements ServerConfigurer {
        @Override
        public void configure(Generation generation, NodeToolTestServer.Builder builder) {
            builder.maxJobsPerConnection(1);
        }
    }

    /** A replay buffer too small to replay a dropped job's frames. */
    static final class TwoReplayEvents implements ServerConfigurer {
        @Override
        public void configure(Generation generation, NodeToolTestServer.Builder builder) {
            builder.replayBufferEvents(2);
        }
    }

    private NodeToolClient client(NodeToolTestServer server, String token) {
        return track(NodeToolClient.builder()
                .baseUrl(server.baseUrl())
                .apiToken(token)
                .build());
    }

    private static SessionOptions fastReconnect() {
        return SessionOptions.builder()
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(100))
                .build();
    }

    private JobSession session(NodeToolTestServer server) {
        return track(client(server, null).connect(fastReconnect()));
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(20, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    private static RunJobRequest slow(int steps, int delayMs) {
        return RunJobRequest.builder()
                .workflowId(DemoWorkflowIds.SLOW)
                .param("steps", steps)
                .param("delay_ms", delayMs)
                .build();
    }

    /**
     * Arms the server's drop fault to hit the Slow workflow's first node_progress and returns how many
     * job frames come before it. The drop resets the socket, which may destroy frames still in flight;
     * aimed there, everything before it was sent {@code delay_ms} earlier, so what a test sees before the
     * drop does not depend on how fast this machine's network stack is.
     */
    private static int dropAtFirstProgress(NodeToolTestServer server, JobSession session) throws Exception {
        JobHandle probe = session.runJob(slow(1, 0));
        await(probe.result());
        List<JsonNode> sent = server.framesSent(probe.jobId());
        int firstProgress = 1
                + sent.stream()
                        .map(f -> f.path("type").asText())
                        .collect(Collectors.toList())
                        .indexOf("node_progress");
        assertThat(firstProgress).isGreaterThan(1);
        server.clearRecordings();
        server.faults().dropStreamAfter(firstProgress);
        return firstProgress - 1;
    }

    /** Waits until the job has reported progress, i.e. it is running. */
    private static void awaitRunning(JobHandle job, RecordingSubscriber<JobMessage> updates)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (updates.items().stream().noneMatch(m -> m instanceof NodeProgress)) {
            assertThat(System.nanoTime()).as("progress of " + job.jobId()).isLessThan(deadline);
            updates.awaitItems(updates.items().size() + 1);
        }
    }

    /**
     * The server's record up to the job's terminal update: nothing after it belongs to the job. (The
     * test server can record a late {@code queued} frame after a queued job already finished when a
     * slot frees while it handles run_job; the session rightly ignores frames after the terminal one.)
     */
    private static List<JsonNode> upToTerminal(List<JsonNode> frames) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode f : frames) {
            out.add(f);
            if ("job_update".equals(f.path("type").asText())
                    && JobStatus.of(f.path("status").asText()).isTerminal()) {
                break;
            }
        }
        return out;
    }

    @BothGenerations
    void runsAWorkflow(NodeToolTestServer server, Generation g) throws Exception {
        JobSession session = session(server);
        assertThat(session.url()).endsWith(g == Generation.LEGACY ? "/predict" : "/ws");
        JobHandle job = session.runJob(RunJobRequest.builder()
                .workflowId(DemoWorkflowIds.GREETING)
                .param("name", "Ada")
                .build());
        RecordingSubscriber<JobMessage> updates = new RecordingSubscriber<>();
        job.updates().subscribe(updates);
        RunResult result = await(job.result());
        assertThat(result.output("greeting")).isEqualTo("Hello, Ada!");
        assertThat(result.status()).isEqualTo(JobStatus.COMPLETED);
        updates.awaitTerminal();
        assertThat(updates.completed()).isTrue();
        assertThat(updates.items()).allSatisfy(m -> assertThat(m.jobId()).isEqualTo(job.jobId()));
        assertThat(await(job.accepted()).message()).isEqualTo("Job started");
        // Every frame the server produced for the job reached its publisher, once, in order.
        assertThat(updates.items().stream().map(m -> (JsonNode) m.raw()).collect(Collectors.toList()))
                .usingElementComparator((a, b) -> Trees.equivalent(a, b) ? 0 : 1)
                .containsExactlyElementsOf(server.framesSent(job.jobId()));
    }

    @BothGenerations
    void cancelsARunningJob(NodeToolTestServer server) throws Exception {
        JobSession session = session(server);
        JobHandle job = session.runJob(slow(200, 50));
        RecordingSubscriber<JobMessage> updates = new RecordingSubscriber<>();
        job.updates().subscribe(updates);
        awaitRunning(job, updates);
        CommandReply reply = await(job.cancel());
        assertThat(reply.message()).isEqualTo("Job cancellation requested");
        assertThat(failure(job.result())).isInstanceOf(JobCancelledException.class);
        updates.awaitTerminal();
        assertThat(updates.error()).isInstanceOf(JobCancelledException.class);
    }

    @OneGeneration(value = Generation.CURRENT, configure = OneJobPerConnection.class)
    void cancelsAQueuedJob(NodeToolTestServer server) throws Exception {
        JobSession session = session(server);
        JobHandle first = session.runJob(slow(200, 50));
        JobHandle queued = session.runJob(slow(1, 0));
        assertThat(await(session.getStatus(queued.jobId()))).isEqualTo(JobStatus.QUEUED);
        assertThat(await(session.cancelJob(queued.jobId())).message()).isEqualTo("Queued job cancelled");
        assertThat(failure(queued.result())).isInstanceOf(JobCancelledException.class);
        await(first.cancel());
        assertThat(failure(first.result())).isInstanceOf(JobCancelledException.class);
    }

    @BothGenerations
    void getStatusOfOneAndOfAllJobs(NodeToolTestServer server) throws Exception {
        JobSession session = session(server);
        JobHandle job = session.runJob(slow(200, 50));
        RecordingSubscriber<JobMessage> updates = new RecordingSubscriber<>();
        job.updates().subscribe(updates);
        awaitRunning(job, updates);
        assertThat(await(session.getStatus(job.jobId()))).isEqualTo(JobStatus.RUNNING);
        assertThat(await(session.getStatus())).extracting(ActiveJob::jobId).contains(job.jobId());
        assertThat(await(session.getStatus("no-such-job")).value()).isEqualTo("not_found");
        await(job.cancel());
        assertThat(failure(job.result())).isInstanceOf(JobCancelledException.class);
    }

    @BothGenerations
    void textModeSwitchesTheEncoding(NodeToolTestServer server) throws Exception {
        JobSession session = session(server);
        assertThat(await(session.setMode(Mode.TEXT))).isEqualTo(Mode.TEXT);
        JobHandle job = session.runJob(RunJobRequest.builder()
                .workflowId(DemoWorkflowIds.SUM)
                .param("a", 2)
                .param("b", 3)
                .build());
        assertThat(((Number) await(job.result()).output("sum")).longValue()).isEqualTo(5);
        assertThat(server.commands())
                .filteredOn(c -> "run_job".equals(c.command()))
                .singleElement()
                .satisfies(c -> assertThat(c.binary()).isFalse());
    }

    @BothGenerations
    void streamsInput(NodeToolTestServer server) throws Exception {
        JobSession session = session(server);
        JobHandle job = session.runJob(slow(200, 50));
        RecordingSubscriber<JobMessage> updates = new RecordingSubscriber<>();
        job.updates().subscribe(updates);
        awaitRunning(job, updates);
        assertThat(await(session.streamInput(job.jobId(), "steps", 3)).message())
                .isEqualTo("Input item streamed");
        assertThat(await(session.endInputStream(job.jobId(), "steps")).message())
                .isEqualTo("Input stream ended");
        assertThat(failure(session.streamInput(job.jobId(), "nope", 1)))
                .isInstanceOf(ai.nodetool.client.errors.CommandRejectedException.class)
                .hasMessageContaining("Invalid input name");
        await(job.cancel());
    }

    @BothGenerations(token = "ntk_right")
    void authenticationAcceptedAndRefused(NodeToolTestServer server) throws Exception {
        JobSession ok = track(client(server, "ntk_right").connect());
        JobHandle job = ok.runJob(
                RunJobRequest.builder().workflowId(DemoWorkflowIds.GREETING).build());
        assertThat(await(job.result()).output("greeting")).isEqualTo("Hello, World!");

        // Gen C refuses the handshake with 401; Gen A/B accept it and close with 1008.
        Throwable refused;
        try {
            JobSession bad = track(client(server, "ntk_wrong").connect());
            refused = failure(bad.runJobAsync(
                    RunJobRequest.builder().workflowId(DemoWorkflowIds.GREETING).build()));
        } catch (NodeToolException e) {
            refused = e;
        }
        assertThat(refused).isInstanceOf(AuthenticationException.class).hasMessageNotContaining("ntk_wrong");
    }

    @BothGenerations
    void hundredConcurrentJobsOnOneSession(NodeToolTestServer server) throws Exception {
        JobSession session = session(server);
        List<JobHandle> jobs = new ArrayList<>();
        List<RecordingSubscriber<JobMessage>> updates = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            JobHandle job = session.runJob(RunJobRequest.builder()
                    .workflowId(DemoWorkflowIds.SUM)
                    .param("a", i)
                    .param("b", 1000)
                    .build());
            RecordingSubscriber<JobMessage> r = new RecordingSubscriber<>();
            job.updates().subscribe(r);
            jobs.add(job);
            updates.add(r);
        }
        for (int i = 0; i < 100; i++) {
            JobHandle job = jobs.get(i);
            assertThat(((Number) await(job.result()).output("sum")).longValue()).isEqualTo(1000 + i);
            updates.get(i).awaitTerminal();
            List<JobMessage> got = updates.get(i).items();
            assertThat(got).allSatisfy(m -> assertThat(m.jobId()).isEqualTo(job.jobId()));
            assertThat(got.stream().map(m -> (JsonNode) m.raw()).collect(Collectors.toList()))
                    .usingElementComparator((a, b) -> Trees.equivalent(a, b) ? 0 : 1)
                    .containsExactlyElementsOf(upToTerminal(server.framesSent(job.jobId())));
        }
        assertThat(jobs.stream().map(JobHandle::jobId).distinct().count()).isEqualTo(100);
    }

    @OneGeneration(Generation.CURRENT)
    void reconnectsAfterTheServerDropsTheSocketWithoutLosingOrDuplicatingFrames(NodeToolTestServer server)
            throws Exception {
        JobSession session = session(server);
        int before = dropAtFirstProgress(server, session);
        JobHandle job = session.runJob(slow(20, 50));
        RecordingSubscriber<JobMessage> updates = new RecordingSubscriber<>();
        job.updates().subscribe(updates);
        assertThat(((Number) await(job.result()).output("result")).longValue()).isEqualTo(20);
        updates.awaitTerminal();
        List<JobMessage> got = updates.items();
        assertThat(got)
                .filteredOn(m -> m instanceof JobResumed)
                .hasSize(1)
                .allSatisfy(m -> assertThat(((JobResumed) m).replayIncomplete()).isFalse());
        List<JsonNode> jobFrames = got.stream()
                .filter(m -> !(m instanceof JobResumed))
                .map(m -> (JsonNode) m.raw())
                .collect(Collectors.toList());
        List<JsonNode> sent = server.framesSent(job.jobId());
        assertThat(jobFrames)
                .usingElementComparator((a, b) -> Trees.equivalent(a, b) ? 0 : 1)
                .containsExactlyElementsOf(sent);
        assertThat(server.commands())
                .filteredOn(c -> "reconnect_job".equals(c.command()))
                .singleElement()
                // The frame that triggered the drop may be lost with the reset; all before it arrived.
                .satisfies(c -> assertThat(c.data().path("last_seq").asLong()).isBetween((long) before, before + 1L));
        assertThat(server.commands())
                .filteredOn(c -> "run_job".equals(c.command()))
                .hasSize(1);
    }

    @OneGeneration(value = Generation.CURRENT, configure = TwoReplayEvents.class)
    void replayIncompleteIsSurfaced(NodeToolTestServer server) throws Exception {
        JobSession session = track(client(server, null)
                .connect(SessionOptions.builder()
                        .reconnectBackoff(Duration.ofMillis(400), Duration.ofMillis(400))
                        .build()));
        dropAtFirstProgress(server, session);
        JobHandle job = session.runJob(slow(30, 50));
        RecordingSubscriber<JobMessage> updates = new RecordingSubscriber<>();
        job.updates().subscribe(updates);
        await(job.result());
        updates.awaitTerminal();
        assertThat(updates.items())
                .filteredOn(m -> m instanceof JobResumed)
                .singleElement()
                .satisfies(m -> assertThat(((JobResumed) m).replayIncomplete()).isTrue());
        // What did arrive is in order and never duplicated.
        List<Long> seqs = updates.items().stream()
                .filter(m -> m.jobSeq().isPresent())
                .map(m -> m.jobSeq().getAsLong())
                .collect(Collectors.toList());
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
    }

    @OneGeneration(Generation.CURRENT)
    void serverRestartWithCode1012TriggersReconnect(NodeToolTestServer server) throws Exception {
        JobSession session = session(server);
        JobHandle job = session.runJob(slow(30, 20));
        RecordingSubscriber<JobMessage> updates = new RecordingSubscriber<>();
        job.updates().subscribe(updates);
        awaitRunning(job, updates);
        server.faults().restart(true);
        assertThat(((Number) await(job.result()).output("result")).longValue()).isEqualTo(30);
        assertThat(session.isOpen()).isTrue();
        // The session keeps working on the new socket.
        assertThat(await(session.runJob(RunJobRequest.builder()
                                        .workflowId(DemoWorkflowIds.GREETING)
                                        .build())
                                .result())
                        .output("greeting"))
                .isEqualTo("Hello, World!");
    }

    @OneGeneration(Generation.CURRENT)
    void restartThatLosesJobsFailsThemWithTheServersAnswer(NodeToolTestServer server) throws Exception {
        JobSession session = session(server);
        JobHandle job = session.runJob(slow(200, 50));
        RecordingSubscriber<JobMessage> updates = new RecordingSubscriber<>();
        job.updates().subscribe(updates);
        awaitRunning(job, updates);
        server.faults().restart(false);
        assertThat(failure(job.result()))
                .isInstanceOf(ai.nodetool.client.errors.JobFailedException.class)
                .hasMessageContaining("not found");
    }

    @OneGeneration(Generation.LEGACY)
    void legacyServerWithoutReplayEndsTheJobWithATypedError(NodeToolTestServer server) throws Exception {
        JobSession session = session(server);
        dropAtFirstProgress(server, session);
        JobHandle job = session.runJob(slow(20, 50));
        Throwable e = failure(job.result());
        assertThat(e).isInstanceOf(NodeToolIOException.class).hasMessageContaining("legacy");
        assertThat(server.commands())
                .filteredOn(c -> "get_status".equals(c.command()))
                .isNotEmpty();
        assertThat(server.commands())
                .filteredOn(c -> "run_job".equals(c.command()))
                .hasSize(1);
    }

    @OneGeneration(Generation.CURRENT)
    void malformedFrameIsReportedAndTheSessionStaysUsable(NodeToolTestServer server) throws Exception {
        List<NodeToolProtocolException> errors = new CopyOnWriteArrayList<>();
        JobSession session = track(client(server, null)
                .connect(SessionOptions.builder()
                        .replyTimeout(Duration.ofMillis(500))
                        .protocolErrorHandler(errors::add)
                        .build()));
        server.faults().malformedNextFrame();
        // The server answers this command with garbage instead of its reply: the command times out.
        assertThat(failure(session.getStatus())).isInstanceOf(ai.nodetool.client.errors.NodeToolTimeoutException.class);
        assertThat(errors).hasSize(1);
        assertThat(await(session.runJob(RunJobRequest.builder()
                                        .workflowId(DemoWorkflowIds.GREETING)
                                        .build())
                                .result())
                        .output("greeting"))
                .isEqualTo("Hello, World!");
    }

    @OneGeneration(Generation.CURRENT)
    void unknownWorkflowIsARejectedRun(NodeToolTestServer server) throws Exception {
        JobSession session = session(server);
        assertThat(failure(session.runJobAsync(
                        RunJobRequest.builder().workflowId("no-such-workflow").build())))
                .isInstanceOf(ai.nodetool.client.errors.NotFoundException.class)
                .hasMessageContaining("Workflow not found");
    }

    @Test
    void connectFailsFastWhenNothingListens() {
        NodeToolTestServer server = NodeToolTestServer.builder().start();
        String url = server.baseUrl();
        server.close();
        try (NodeToolClient c =
                NodeToolClient.builder().baseUrl(url).apiToken(null).build()) {
            assertThatThrownBy(c::connect).isInstanceOf(NodeToolIOException.class);
        }
    }

    @OneGeneration(Generation.CURRENT)
    void attachesToAJobFromAnotherSession(NodeToolTestServer server) throws Exception {
        JobSession first = session(server);
        JobHandle job = await(first.runJobAsync(slow(10, 20))); // the server knows it before we attach
        JobSession second = session(server);
        JobHandle attached = await(second.reconnectJob(job.jobId(), null));
        assertThat(((Number) await(attached.result()).output("result")).longValue())
                .isEqualTo(10);
    }
}
