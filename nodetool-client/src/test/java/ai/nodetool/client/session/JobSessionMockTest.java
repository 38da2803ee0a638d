package ai.nodetool.client.session;

import static ai.nodetool.client.session.WsPeer.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.TcpRelay;
import ai.nodetool.client.errors.AuthenticationException;
import ai.nodetool.client.errors.CommandRejectedException;
import ai.nodetool.client.errors.JobFailedException;
import ai.nodetool.client.errors.NodeToolIOException;
import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.errors.NodeToolTimeoutException;
import ai.nodetool.client.errors.SessionClosedException;
import ai.nodetool.client.messages.CommandReply;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.JobResumed;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.messages.JobUpdate;
import ai.nodetool.client.messages.OutputUpdate;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.messages.UnknownMessage;
import ai.nodetool.client.testing.RecordingSubscriber;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import mockwebserver3.RecordedRequest;
import okhttp3.WebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Session behaviour against a scripted peer (MockWebServer): routing, replies, bad input, reconnect. */
class JobSessionMockTest {
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

    private JobSession connect(SessionOptions options) throws InterruptedException {
        peer.acceptUpgrade();
        JobSession s = client.connect(options);
        peer.awaitOpen();
        return s;
    }

    private JobSession connect() throws InterruptedException {
        return connect(SessionOptions.builder()
                .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50))
                .build());
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletableFuture<?> f) {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a failure");
    }

    /** No session thread outlives close(): waits up to 10 s for them to end. */
    private static void assertNoSessionThreadRemains() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Thread.getAllStackTraces().keySet().stream()
                        .anyMatch(t -> t.getName().startsWith("nodetool-ws-session"))
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("nodetool-ws-session"));
    }

    private static ObjectNodeBuilder job(String jobId, String status, long seq) {
        return new ObjectNodeBuilder(obj("type", "job_update", "status", status, "job_id", jobId, "job_seq", seq));
    }

    record ObjectNodeBuilder(com.fasterxml.jackson.databind.node.ObjectNode node) {
        ObjectNodeBuilder with(String k, Object v) {
            node.set(k, WsPeer.JSON.valueToTree(v));
            return this;
        }
    }

    @Test
    void runJobSendsClientJobIdAndRoutesEventsThatOvertakeTheReply() throws Exception {
        try (JobSession session = connect()) {
            JobHandle job = session.runJob(
                    RunJobRequest.builder().workflowId("wf").param("n", 3).build());
            RecordingSubscriber<JobMessage> updates = new RecordingSubscriber<>();
            job.updates().subscribe(updates);
            WsPeer.Frame run = peer.takeCommand("run_job");
            assertThat(run.binary()).isTrue();
            assertThat(run.data().path("job_id").asText()).isEqualTo(job.jobId());
            assertThat(run.data().path("params").path("n").asInt()).isEqualTo(3);
            // Events first, the reply last (protocol-notes §7.2: no order guarantee).
            peer.send(job(job.jobId(), "running", 1).node());
            peer.send(obj(
                    "type",
                    "output_update",
                    "job_id",
                    job.jobId(),
                    "node_id",
                    "out",
                    "output_name",
                    "result",
                    "value",
                    "hi",
                    "job_seq",
                    2));
            peer.send(job(job.jobId(), "completed", 3)
                    .with("result", Map.of("outputs", Map.of("result", List.of("hi"))))
                    .node());
            peer.send(obj("message", "Job started", "workflow_id", "wf"));

            RunResult result = await(job.result());
            assertThat(result.output("result")).isEqualTo("hi");
            assertThat(result.jobId()).isEqualTo(job.jobId());
            assertThat(await(job.accepted()).message()).isEqualTo("Job started");
            updates.awaitTerminal();
            assertThat(updates.items())
                    .extracting(JobMessage::type)
                    .containsExactly("job_update", "output_update", "job_update");
            assertThat(updates.completed()).isTrue();
        }
    }

    @Test
    void genCTwoCompletedFramesResolveOnTheOneWithOutputs() throws Exception {
        try (JobSession session = connect()) {
            JobHandle job = session.runJob(RunJobRequest.builder()
                    .workflowId("wf")
                    .requireTerminalResult(false)
                    .build());
            peer.takeCommand("run_job");
            peer.send(job(job.jobId(), "running", 1).node());
            peer.send(job(job.jobId(), "completed", 2).node());
            peer.send(job(job.jobId(), "completed", 3)
                    .with("result", Map.of("outputs", Map.of("x", List.of(7))))
                    .node());
            RunResult r = await(job.result());
            assertThat(r.output("x")).isEqualTo(7);
            assertThat(r.raw().path("job_seq").asLong()).isEqualTo(3);
        }
    }

    @Test
    void genCSingleCompletedFrameWithoutOutputsEndsAfterTheGrace() throws Exception {
        try (JobSession session = connect(
                SessionOptions.builder().terminalGrace(Duration.ofMillis(50)).build())) {
            JobHandle job = session.runJob(RunJobRequest.builder()
                    .workflowId("wf")
                    .requireTerminalResult(false)
                    .build());
            peer.takeCommand("run_job");
            peer.send(job(job.jobId(), "completed", 1).node());
            assertThat(await(job.result()).outputs()).isEmpty();
        }
    }

    @Test
    void failedJobFailsResultAndPublisherAfterDeliveringTheUpdate() throws Exception {
        try (JobSession session = connect()) {
            JobHandle job =
                    session.runJob(RunJobRequest.builder().workflowId("wf").build());
            RecordingSubscriber<JobMessage> updates = new RecordingSubscriber<>();
            job.updates().subscribe(updates);
            peer.takeCommand("run_job");
            // Gen A shape: no job_seq, so one terminal frame.
            peer.send(obj("type", "job_update", "status", "failed", "job_id", job.jobId(), "error", "boom"));
            assertThat(failure(job.result()))
                    .isInstanceOf(JobFailedException.class)
                    .hasMessageContaining("boom");
            updates.awaitTerminal();
            assertThat(updates.items()).hasSize(1);
            assertThat(updates.error()).isInstanceOf(JobFailedException.class);
        }
    }

    @Test
    void legacyServerThatNamesJobsItselfIsMatchedInOrder() throws Exception {
        try (JobSession session = connect()) {
            JobHandle a =
                    session.runJob(RunJobRequest.builder().workflowId("wf").build());
            JobHandle b =
                    session.runJob(RunJobRequest.builder().workflowId("wf").build());
            peer.takeCommand("run_job");
            peer.takeCommand("run_job");
            peer.send(obj("type", "job_update", "status", "running", "job_id", "server-1"));
            peer.send(obj("type", "job_update", "status", "running", "job_id", "server-2"));
            peer.send(obj(
                    "type",
                    "job_update",
                    "status",
                    "completed",
                    "job_id",
                    "server-2",
                    "result",
                    Map.of("o", List.of("B"))));
            peer.send(obj(
                    "type",
                    "job_update",
                    "status",
                    "completed",
                    "job_id",
                    "server-1",
                    "result",
                    Map.of("o", List.of("A"))));
            assertThat(await(a.result()).output("o")).isEqualTo("A");
            assertThat(await(b.result()).output("o")).isEqualTo("B");
            assertThat(a.jobId()).isEqualTo("server-1");
            assertThat(b.jobId()).isEqualTo("server-2");
        }
    }

    @Test
    void repliesAreMatchedByKindAndJobIdWhateverTheirOrder() throws Exception {
        try (JobSession session = connect()) {
            CompletableFuture<JobStatus> s1 = session.getStatus("j1");
            CompletableFuture<JobStatus> s2 = session.getStatus("j2");
            CompletableFuture<List<ActiveJob>> all = session.getStatus();
            CompletableFuture<Mode> mode = session.setMode(Mode.TEXT);
            for (int i = 0; i < 4; i++) {
                peer.take();
            }
            peer.send(obj("message", "Mode set to text"));
            peer.send(obj("active_jobs", List.of(Map.of("job_id", "j1", "workflow_id", "w", "status", "running"))));
            peer.send(obj("status", "completed", "job_id", "j2", "workflow_id", "w"));
            peer.send(obj("status", "running", "job_id", "j1", "workflow_id", "w"));
            assertThat(await(s1)).isEqualTo(JobStatus.RUNNING);
            assertThat(await(s2)).isEqualTo(JobStatus.COMPLETED);
            assertThat(await(all)).containsExactly(new ActiveJob("j1", "w", JobStatus.RUNNING));
            assertThat(await(mode)).isEqualTo(Mode.TEXT);
            assertThat(session.mode()).isEqualTo(Mode.TEXT);
            // From now on the client sends JSON text frames.
            session.clearModels();
            assertThat(peer.takeCommand("clear_models").binary()).isFalse();
        }
    }

    @Test
    void errorRepliesBecomeTypedExceptions() throws Exception {
        try (JobSession session = connect()) {
            CompletableFuture<CommandReply> cancel = session.cancelJob("nope");
            peer.takeCommand("cancel_job");
            peer.send(obj("error", "Job not found or already completed", "job_id", "nope", "workflow_id", ""));
            assertThat(failure(cancel))
                    .isInstanceOf(CommandRejectedException.class)
                    .hasMessageContaining("Job not found");

            JobHandle job =
                    session.runJob(RunJobRequest.builder().workflowId("missing").build());
            peer.takeCommand("run_job");
            peer.send(obj("error", "invalid_command", "details", "Workflow not found: missing"));
            // A missing workflow is a NotFoundException, as over HTTP; the rejection is its cause.
            Throwable e = failure(job.result());
            assertThat(e).isInstanceOf(ai.nodetool.client.errors.NotFoundException.class);
            assertThat(e.getCause()).isInstanceOf(CommandRejectedException.class);
            assertThat(((CommandRejectedException) e.getCause()).details()).isEqualTo("Workflow not found: missing");
            assertThat(failure(job.accepted())).isInstanceOf(ai.nodetool.client.errors.NotFoundException.class);
        }
    }

    @Test
    @SuppressWarnings("try") // the session only has to be open while the peer pings
    void serverPingIsAnsweredWithPong() throws Exception {
        try (JobSession session = connect()) {
            peer.send(obj("type", "ping", "ts", 1.5));
            WsPeer.Frame pong = peer.take();
            assertThat(pong.tree().path("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void badFramesAreReportedAndTheSessionStaysUsable() throws Exception {
        List<NodeToolProtocolException> errors = new CopyOnWriteArrayList<>();
        try (JobSession session = connect(SessionOptions.builder()
                .maxFrameBytes(4096)
                .protocolErrorHandler(errors::add)
                .build())) {
            RecordingSubscriber<JobMessage> all = new RecordingSubscriber<>();
            session.messages().subscribe(all);
            peer.sendBytes(new byte[] {(byte) 0xc1, 0x00}); // never-used msgpack byte
            peer.send(List.of(1, 2, 3)); // not a map
            peer.sendText(obj("type", "output_update", "value", "x".repeat(5000))); // oversize
            peer.current.send("{not json");
            peer.send(obj("type", "system_stats", "stats", Map.of("cpu", 1))); // unknown type
            peer.send(obj("foo", "bar")); // no type, no command waiting
            peer.send(obj("type", "job_update", "status", "running", "job_id", "someone-elses-job"));
            all.awaitItems(3); // the unmatched reply must not wait for the command sent next
            CompletableFuture<JobStatus> status = session.getStatus("j");
            peer.takeCommand("get_status");
            peer.send(obj("status", "running", "job_id", "j"));
            assertThat(await(status)).isEqualTo(JobStatus.RUNNING);
            assertThat(errors).hasSize(4).allSatisfy(e -> assertThat(e).isInstanceOf(NodeToolProtocolException.class));
            assertThat(errors.get(2)).hasMessageContaining("Oversize");
            all.awaitItems(4);
            List<JobMessage> items = all.items();
            assertThat(items.get(0)).isInstanceOf(UnknownMessage.class);
            assertThat(items.get(0).type()).isEqualTo("system_stats");
            assertThat(items.get(1)).isInstanceOf(CommandReply.class);
            assertThat(items.get(2)).isInstanceOf(JobUpdate.class);
            assertThat(items.get(3)).isInstanceOf(CommandReply.class);
        }
    }

    /** A reply naming a job no command asked about is unsolicited: it must not answer another job's command. */
    @Test
    void aReplyForAnUnknownJobAnswersNoOtherCommand() throws Exception {
        try (JobSession session = connect()) {
            RecordingSubscriber<JobMessage> all = new RecordingSubscriber<>();
            session.messages().subscribe(all);
            CompletableFuture<JobStatus> status = session.getStatus("j");
            peer.takeCommand("get_status");
            peer.send(obj("status", "completed", "job_id", "no-such-job"));
            peer.send(obj("message", "Job cancelled", "job_id", "no-such-job"));
            all.awaitItems(2);
            peer.send(obj("status", "running", "job_id", "j"));
            assertThat(await(status)).isEqualTo(JobStatus.RUNNING); // not the other job's "completed"
            assertThat(List.copyOf(all.items()).subList(0, 2))
                    .allSatisfy(m -> assertThat(m).isInstanceOf(CommandReply.class));
            assertThat(session.isOpen()).isTrue();
        }
    }

    @Test
    void replyTimeoutFailsTheCommand() throws Exception {
        try (JobSession session = connect(
                SessionOptions.builder().replyTimeout(Duration.ofMillis(100)).build())) {
            assertThat(failure(session.getStatus("j"))).isInstanceOf(NodeToolTimeoutException.class);
        }
    }

    @Test
    void fallsBackToPredictWhenWsIs404() throws Exception {
        peer.refuseUpgrade(404, "{\"detail\":\"Not Found\"}");
        peer.acceptUpgrade();
        try (JobSession session = client.connect()) {
            assertThat(session.url()).endsWith("/predict");
            RecordedRequest first = peer.server.takeRequest(10, TimeUnit.SECONDS);
            RecordedRequest second = peer.server.takeRequest(10, TimeUnit.SECONDS);
            assertThat(first.getUrl().encodedPath()).isEqualTo("/ws");
            assertThat(second.getUrl().encodedPath()).isEqualTo("/predict");
        }
    }

    @Test
    void refusedUpgradeIsAnAuthenticationException() throws Exception {
        peer.refuseUpgrade(401, "{\"error\":\"Remote access requires authentication\"}");
        assertThatThrownBy(() -> client.connect())
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("Remote access requires authentication");
        assertThat(peer.server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void bearerHeaderAndOptionalApiKeyQuery() throws Exception {
        try (NodeToolClient c = NodeToolClient.builder()
                .baseUrl(peer.baseUrl())
                .apiToken("ntk_abcdef")
                .webSocketApiKeyInQuery(true)
                .build()) {
            peer.acceptUpgrade();
            try (JobSession session = c.connect()) {
                RecordedRequest r = peer.server.takeRequest(10, TimeUnit.SECONDS);
                assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer ntk_abcdef");
                assertThat(r.getUrl().queryParameter("api_key")).isEqualTo("ntk_abcdef");
                assertThat(session.url()).doesNotContain("ntk_abcdef");
            }
        }
    }

    @Test
    void close1008EndsTheSessionWithAuthenticationErrorAndNoRetry() throws Exception {
        JobSession session = connect();
        JobHandle job = session.runJob(RunJobRequest.builder().workflowId("wf").build());
        RecordingSubscriber<JobMessage> all = new RecordingSubscriber<>();
        session.messages().subscribe(all);
        peer.takeCommand("run_job");
        peer.current.close(1008, "Invalid token");
        assertThat(failure(job.result())).isInstanceOf(AuthenticationException.class);
        all.awaitTerminal();
        assertThat(all.error()).isInstanceOf(AuthenticationException.class);
        assertThat(session.isOpen()).isFalse();
        assertThat(peer.server.getRequestCount()).isEqualTo(1);
        assertThatThrownBy(() ->
                        session.runJob(RunJobRequest.builder().workflowId("wf").build()))
                .isInstanceOf(AuthenticationException.class);
        session.close();
    }

    @Test
    void reconnectReplaysFromLastSeqAndDropsDuplicates() throws Exception {
        try (JobSession session = connect()) {
            JobHandle job =
                    session.runJob(RunJobRequest.builder().workflowId("wf").build());
            RecordingSubscriber<JobMessage> updates = new RecordingSubscriber<>();
            job.updates().subscribe(updates);
            peer.takeCommand("run_job");
            peer.send(obj("message", "Job started", "workflow_id", "wf"));
            WebSocket first = peer.current;
            for (int seq = 1; seq <= 3; seq++) {
                peer.send(obj(
                        "type",
                        "node_progress",
                        "job_id",
                        job.jobId(),
                        "node_id",
                        "n",
                        "progress",
                        seq,
                        "total",
                        10,
                        "job_seq",
                        seq));
            }
            updates.awaitItems(3);
            peer.acceptUpgrade();
            first.close(1011, "gone"); // the server side goes away
            peer.awaitOpen();
            WsPeer.Frame reconnect = peer.takeCommand("reconnect_job");
            assertThat(reconnect.data().path("job_id").asText()).isEqualTo(job.jobId());
            assertThat(reconnect.data().path("last_seq").asLong()).isEqualTo(3);
            peer.send(obj("message", "Reconnecting to job " + job.jobId(), "job_id", job.jobId(), "workflow_id", "wf"));
            peer.send(obj(
                    "type",
                    "job_resumed",
                    "job_id",
                    job.jobId(),
                    "workflow_id",
                    "wf",
                    "status",
                    "running",
                    "last_seq",
                    5,
                    "replay_count",
                    3,
                    "replay_incomplete",
                    false));
            // A server may resend frames the client already has: they must be dropped.
            for (int seq = 3; seq <= 5; seq++) {
                peer.send(obj(
                        "type",
                        "node_progress",
                        "job_id",
                        job.jobId(),
                        "node_id",
                        "n",
                        "progress",
                        seq,
                        "total",
                        10,
                        "job_seq",
                        seq));
            }
            peer.send(job(job.jobId(), "completed", 6)
                    .with("result", Map.of("outputs", Map.of("r", List.of(1))))
                    .node());
            assertThat(await(job.result()).output("r")).isEqualTo(1);
            updates.awaitTerminal();
            List<String> seen = updates.items().stream()
                    .map(m -> m.type()
                            + (m.jobSeq().isPresent() ? "#" + m.jobSeq().getAsLong() : ""))
                    .collect(Collectors.toList());
            assertThat(seen)
                    .containsExactly(
                            "node_progress#1",
                            "node_progress#2",
                            "node_progress#3",
                            "job_resumed",
                            "node_progress#4",
                            "node_progress#5",
                            "job_update#6");
            assertThat(updates.items().get(3))
                    .isInstanceOfSatisfying(
                            JobResumed.class,
                            r -> assertThat(r.replayIncomplete()).isFalse());
        }
    }

    /** A job the server refuses to re-attach must end (typed), not wait for frames that never come. */
    @Test
    void rejectedReconnectEndsTheJobWithCommandRejected() throws Exception {
        try (JobSession session = connect()) {
            JobHandle job =
                    session.runJob(RunJobRequest.builder().workflowId("wf").build());
            RecordingSubscriber<JobMessage> updates = new RecordingSubscriber<>();
            job.updates().subscribe(updates);
            peer.takeCommand("run_job");
            peer.send(obj("message", "Job started", "workflow_id", "wf"));
            peer.send(job(job.jobId(), "running", 1).node());
            updates.awaitItems(1);
            peer.acceptUpgrade();
            peer.dropCurrent();
            peer.awaitOpen();
            peer.takeCommand("reconnect_job");
            peer.send(obj("error", "job_id is required"));
            assertThat(failure(job.result()))
                    .isInstanceOf(CommandRejectedException.class)
                    .hasMessageContaining("job_id is required");
            updates.awaitTerminal();
            assertThat(updates.error()).isInstanceOf(CommandRejectedException.class);
            assertThat(job.isDone()).isTrue();
        }
    }

    @Test
    void reconnectGivesUpAfterTheConfiguredAttempts() throws Exception {
        JobSession session = connect(SessionOptions.builder()
                .reconnectAttempts(2)
                .reconnectBackoff(Duration.ofMillis(5), Duration.ofMillis(20))
                .build());
        JobHandle job = session.runJob(RunJobRequest.builder().workflowId("wf").build());
        peer.takeCommand("run_job");
        peer.refuseUpgrade(503, "down");
        peer.refuseUpgrade(503, "down");
        peer.dropCurrent();
        Throwable e = failure(job.result());
        assertThat(e).isInstanceOf(NodeToolIOException.class).hasMessageContaining("2 reconnect attempt(s) failed");
        assertThat(session.isOpen()).isFalse();
        assertThat(peer.server.getRequestCount()).isEqualTo(3); // the first connect and 2 attempts
        session.close();
    }

    @Test
    void closeEndsOpenJobsWithSessionClosedAndStopsThreads() throws Exception {
        JobSession session = connect();
        JobHandle job = session.runJob(RunJobRequest.builder().workflowId("wf").build());
        RecordingSubscriber<JobMessage> updates = new RecordingSubscriber<>();
        job.updates().subscribe(updates);
        peer.takeCommand("run_job");
        CompletableFuture<JobStatus> pending = session.getStatus(job.jobId());
        session.close();
        assertThat(failure(job.result())).isInstanceOf(SessionClosedException.class);
        assertThat(failure(pending)).isInstanceOf(SessionClosedException.class);
        updates.awaitTerminal();
        assertThat(updates.error()).isInstanceOf(SessionClosedException.class);
        assertThat(peer.closeCodes.poll(10, TimeUnit.SECONDS)).isEqualTo(1000);
        assertThatThrownBy(() ->
                        session.runJob(RunJobRequest.builder().workflowId("wf").build()))
                .isInstanceOf(SessionClosedException.class);
        assertNoSessionThreadRemains();
    }

    /**
     * Half-open detection (issue 5): the connection stays open but carries nothing any more (the
     * relay swallows every byte, so the client's WebSocket pings go unanswered). The session must
     * notice within a couple of ping intervals, reconnect and re-attach the job.
     */
    @Test
    void unansweredPingsMarkTheConnectionHalfOpenAndTheSessionReconnects() throws Exception {
        try (TcpRelay relay = new TcpRelay(peer.server.getPort());
                NodeToolClient c = NodeToolClient.builder()
                        .baseUrl(relay.url())
                        .apiToken(null)
                        .build()) {
            peer.acceptUpgrade();
            JobSession session = c.connect(SessionOptions.builder()
                    .pingInterval(Duration.ofMillis(500))
                    .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50))
                    .build());
            WebSocket first = peer.awaitOpen();
            JobHandle job =
                    session.runJob(RunJobRequest.builder().workflowId("wf").build());
            RecordingSubscriber<JobMessage> updates = new RecordingSubscriber<>();
            job.updates().subscribe(updates);
            peer.takeCommand("run_job");
            peer.send(obj("message", "Job started", "workflow_id", "wf"));
            peer.send(job(job.jobId(), "running", 1).node());
            updates.awaitItems(1);

            peer.acceptUpgrade();
            relay.freezeOpenConnections();
            WebSocket second = peer.awaitOpen();
            assertThat(second).isNotSameAs(first);
            WsPeer.Frame reconnect = peer.takeCommand("reconnect_job");
            assertThat(reconnect.socket()).isSameAs(second);
            assertThat(reconnect.data().path("job_id").asText()).isEqualTo(job.jobId());
            assertThat(reconnect.data().path("last_seq").asLong()).isEqualTo(1);
            peer.send(obj("message", "Reconnecting to job " + job.jobId(), "job_id", job.jobId(), "workflow_id", "wf"));
            peer.send(job(job.jobId(), "completed", 2)
                    .with("result", Map.of("outputs", Map.of("r", List.of(7))))
                    .node());
            assertThat(await(job.result()).output("r")).isEqualTo(7);
            session.close();
        }
    }

    /** Without reconnects, a half-open connection ends the session with a typed idle timeout, not a hang. */
    @Test
    void unansweredPingsWithoutReconnectFailTheSessionWithAnIdleTimeout() throws Exception {
        try (TcpRelay relay = new TcpRelay(peer.server.getPort());
                NodeToolClient c = NodeToolClient.builder()
                        .baseUrl(relay.url())
                        .apiToken(null)
                        .build()) {
            peer.acceptUpgrade();
            JobSession session = c.connect(SessionOptions.builder()
                    .pingInterval(Duration.ofMillis(500))
                    .reconnectAttempts(0)
                    .build());
            peer.awaitOpen();
            JobHandle job =
                    session.runJob(RunJobRequest.builder().workflowId("wf").build());
            peer.takeCommand("run_job");
            relay.freezeOpenConnections();
            Throwable e = failure(job.result());
            assertThat(e)
                    .isInstanceOfSatisfying(
                            NodeToolTimeoutException.class,
                            t -> assertThat(t.kind()).isEqualTo(NodeToolTimeoutException.Kind.IDLE));
            assertThat(e).hasMessageContaining("ping");
            assertThat(session.isOpen()).isFalse();
            session.close();
        }
    }

    /** Closing the client closes its sessions: jobs end with SessionClosedException, no session thread stays. */
    @Test
    void closingTheClientClosesItsSessions() throws Exception {
        JobSession session = connect();
        JobHandle job = session.runJob(RunJobRequest.builder().workflowId("wf").build());
        peer.takeCommand("run_job");
        client.close();
        assertThat(failure(job.result())).isInstanceOf(SessionClosedException.class);
        assertThat(session.isOpen()).isFalse();
        assertThat(peer.closeCodes.poll(10, TimeUnit.SECONDS)).isEqualTo(1000);
        assertNoSessionThreadRemains();
    }

    @Test
    void outputUpdatesReachOnlyTheirJob() throws Exception {
        try (JobSession session = connect()) {
            JobHandle a =
                    session.runJob(RunJobRequest.builder().workflowId("wf").build());
            JobHandle b =
                    session.runJob(RunJobRequest.builder().workflowId("wf").build());
            RecordingSubscriber<JobMessage> ua = new RecordingSubscriber<>();
            a.updates().subscribe(ua);
            peer.send(obj(
                    "type", "output_update", "job_id", b.jobId(), "output_name", "o", "value", "for b", "job_seq", 1));
            peer.send(obj(
                    "type", "output_update", "job_id", a.jobId(), "output_name", "o", "value", "for a", "job_seq", 1));
            peer.send(job(a.jobId(), "completed", 2)
                    .with("result", Map.of("outputs", Map.of()))
                    .node());
            ua.awaitTerminal();
            assertThat(ua.items()).hasSize(2);
            assertThat(((OutputUpdate) ua.items().get(0)).value().asText()).isEqualTo("for a");
        }
    }
}
