package ai.nodetool.client.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.JobFailedException;
import ai.nodetool.client.errors.NotFoundException;
import ai.nodetool.client.events.CallInfo;
import ai.nodetool.client.events.RetryInfo;
import ai.nodetool.client.events.RunInfo;
import ai.nodetool.client.events.RunKind;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.messages.JobUpdate;
import ai.nodetool.client.messages.NodeProgress;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.session.JobHandle;
import ai.nodetool.client.session.JobSession;
import ai.nodetool.client.session.RunJobRequest;
import ai.nodetool.client.session.SessionOptions;
import ai.nodetool.client.streaming.JobStream;
import ai.nodetool.client.testing.NodeToolClients;
import ai.nodetool.client.testing.RecordingSubscriber;
import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.BothGenerations;
import ai.nodetool.testserver.junit.OneGeneration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Each event of {@code NodeToolEventListener}, seen through the public API against the test server, on both
 * generations: calls and their retries, blocking runs, streamed runs and their messages, WebSocket sessions and
 * their jobs (queued, cancelled, replayed after a reconnect).
 */
class EventListenerServerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static NodeToolClient client(NodeToolTestServer server, RecordingListener listener) {
        return NodeToolClients.builderFor(server.baseUrl())
                .eventListener(listener)
                .build();
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static RunJobRequest slow(int steps, int delayMs) {
        return RunJobRequest.builder()
                .workflowId(DemoWorkflowIds.SLOW)
                .param("steps", steps)
                .param("delay_ms", delayMs)
                .build();
    }

    @BothGenerations
    void aCallStartsAndEndsWithItsStatusAndALowCardinalityRoute(NodeToolTestServer server) {
        RecordingListener events = new RecordingListener();
        try (NodeToolClient client = client(server, events)) {
            client.workflows().get(DemoWorkflowIds.GREETING);
            assertThatThrownBy(() -> client.workflows().get("missing-one")).isInstanceOf(NotFoundException.class);
        }
        assertThat(events.names()).containsExactly("callStart", "callEnd", "callStart", "callEnd");
        CallInfo first = (CallInfo) events.events.get(0).subject();
        assertThat(first.method()).isEqualTo("GET");
        assertThat(first.route()).isEqualTo("/api/workflows/{id}");
        assertThat(first.url()).endsWith("/api/workflows/greeting").doesNotContain("?");
        assertThat(events.events.get(1).subject()).as("one CallInfo per call").isSameAs(first);
        assertThat(events.events.get(1).a()).isEqualTo(200);
        assertThat(events.events.get(1).b()).isNull();
        assertThat(events.events.get(3).a()).isEqualTo(404);
        assertThat(events.events.get(3).b()).isEqualTo(NotFoundException.class);
    }

    @BothGenerations
    void aRetryIsSeenWithItsCauseAndDelay(NodeToolTestServer server) {
        RecordingListener events = new RecordingListener();
        try (NodeToolClient client = client(server, events)) {
            server.faults().failNext("GET", "/api/workflows/greeting", 1, 503, Duration.ofSeconds(2));
            assertThat(client.workflows().get(DemoWorkflowIds.GREETING).id()).isEqualTo("greeting");
        }
        assertThat(events.names()).containsExactly("callStart", "retry", "callEnd");
        RetryInfo retry = (RetryInfo) events.named("retry").get(0).a();
        assertThat(retry.attempt()).isEqualTo(1);
        assertThat(retry.statusCode()).isEqualTo(503);
        assertThat(retry.reason()).isEqualTo("503");
        assertThat(retry.delay()).as("the server's Retry-After").isEqualTo(Duration.ofSeconds(2));
        assertThat(retry.failureCause()).isEmpty();
        assertThat(events.named("callEnd").get(0).a()).isEqualTo(200);
    }

    @BothGenerations
    void aBlockingRunStartsAndEndsOnceWithItsStatus(NodeToolTestServer server) {
        RecordingListener events = new RecordingListener();
        try (NodeToolClient client = client(server, events)) {
            client.workflows().run(DemoWorkflowIds.GREETING, Map.of("name", "Ada"));
            assertThatThrownBy(() -> client.workflows().run(DemoWorkflowIds.FAIL, Map.of()))
                    .isInstanceOf(JobFailedException.class);
        }
        List<RecordingListener.Event> ends = events.named("jobEnd");
        assertThat(ends).hasSize(2);
        RunInfo ok = (RunInfo) ends.get(0).subject();
        assertThat(ok.kind()).isEqualTo(RunKind.EDITOR_RUN);
        assertThat(ok.workflowId()).isEqualTo("greeting");
        assertThat(ends.get(0).a()).isEqualTo(JobStatus.COMPLETED);
        assertThat(ends.get(0).b()).isNull();
        assertThat(((RunInfo) ends.get(1).subject()).workflowId()).isEqualTo("fail");
        assertThat(ends.get(1).a()).isEqualTo(JobStatus.FAILED);
        assertThat(ends.get(1).b()).isInstanceOf(JobFailedException.class);
        assertThat(events.named("jobStart"))
                .extracting(RecordingListener.Event::subject)
                .containsExactly(ends.get(0).subject(), ends.get(1).subject());
        assertThat(events.names())
                .as("the run's HTTP call sits inside the run")
                .startsWith("jobStart", "callStart", "callEnd", "jobEnd");
    }

    @BothGenerations
    void aStreamedRunOpensReportsEachMessageAndEnds(NodeToolTestServer server) throws Exception {
        RecordingListener events = new RecordingListener();
        try (NodeToolClient client = client(server, events)) {
            JobStream stream = client.workflows().stream(DemoWorkflowIds.SLOW, Map.of("steps", 3, "delay_ms", 10));
            RecordingSubscriber<JobMessage> sub = new RecordingSubscriber<>();
            stream.subscribe(sub);
            sub.awaitTerminal();
            RunResult result = await(stream.result());
            assertThat(result.status()).isEqualTo(JobStatus.COMPLETED);
            events.await("jobEnd");
            List<JobMessage> messages = events.named("message").stream()
                    .map(e -> (JobMessage) e.a())
                    .toList();
            assertThat(messages).as("each delivered message, in order").containsExactlyElementsOf(sub.items());
            List<String> lifecycle = events.names().stream()
                    .filter(n -> !n.equals("message") && !n.startsWith("call"))
                    .toList();
            assertThat(lifecycle).containsExactly("jobStart", "streamOpen", "streamEnd", "jobEnd");
            RunInfo run = (RunInfo) events.named("streamOpen").get(0).subject();
            assertThat(run.kind()).isEqualTo(RunKind.EDITOR_STREAM);
            assertThat(run.workflowId()).isEqualTo("slow");
            assertThat(run.jobId()).isEqualTo(result.jobId());
            assertThat(events.named("streamEnd").get(0).a()).isNull();
        }
    }

    @BothGenerations
    void aSessionReportsConnectItsJobsMessagesCancelAndClose(NodeToolTestServer server) throws Exception {
        RecordingListener events = new RecordingListener();
        try (NodeToolClient client = client(server, events)) {
            try (JobSession session = client.connect()) {
                assertThat(events.names()).containsExactly("sessionConnect");
                JobHandle done = session.runJob(slow(2, 10));
                await(done.result());
                RecordingListener.Event end = events.await(e -> e.name().equals("jobEnd"));
                RunInfo run = (RunInfo) end.subject();
                assertThat(run.kind()).isEqualTo(RunKind.WEBSOCKET);
                assertThat(run.jobId()).isEqualTo(done.jobId());
                assertThat(run.workflowId()).isEqualTo("slow");
                assertThat(end.a()).isEqualTo(JobStatus.COMPLETED);
                assertThat(events.named("message"))
                        .filteredOn(e -> e.subject() == run)
                        .extracting(e -> (JobMessage) e.a())
                        .filteredOn(m -> m instanceof NodeProgress)
                        .hasSize(2);

                JobHandle cancelled = session.runJob(slow(100, 50));
                events.await(e -> e.name().equals("message")
                        && ((RunInfo) e.subject()).jobId().equals(cancelled.jobId())
                        && e.a() instanceof NodeProgress);
                cancelled.cancel();
                assertThatThrownBy(() -> await(cancelled.result())).isInstanceOf(ExecutionException.class);
                RecordingListener.Event cancelEnd = events.await(e -> e.name().equals("jobEnd")
                        && ((RunInfo) e.subject()).jobId().equals(cancelled.jobId()));
                assertThat(cancelEnd.a()).isEqualTo(JobStatus.CANCELLED);
                assertThat(events.named("jobCancel"))
                        .singleElement()
                        .satisfies(e -> assertThat(e.subject()).isSameAs(cancelEnd.subject()));
            }
            RecordingListener.Event close = events.await("sessionClose");
            assertThat(close.a()).as("closed by the application").isNull();
            assertThat(close.subject())
                    .isSameAs(events.named("sessionConnect").get(0).subject());
            assertThat(events.named("jobStart")).hasSize(2);
            assertThat(events.named("jobEnd")).hasSize(2);
        }
    }

    @OneGeneration(Generation.CURRENT)
    void aQueuedJobIsReportedOnce(NodeToolTestServer server) throws Exception {
        RecordingListener events = new RecordingListener();
        try (NodeToolClient client = client(server, events);
                JobSession session = client.connect()) {
            JobHandle first = session.runJob(slow(3, 100));
            JobHandle second = session.runJob(slow(3, 100)); // same workflow: Gen C queues it behind the first
            await(first.result());
            await(second.result());
            assertThat(events.named("jobQueued"))
                    .singleElement()
                    .satisfies(e -> assertThat(((RunInfo) e.subject()).jobId()).isEqualTo(second.jobId()));
            assertThat(events.named("message"))
                    .filteredOn(e -> e.a() instanceof JobUpdate u && JobStatus.QUEUED.equals(u.status()))
                    .isNotEmpty();
        }
    }

    @BothGenerations
    void aDroppedSocketIsReportedAsDisconnectReconnectAndReplay(NodeToolTestServer server, Generation generation)
            throws Exception {
        RecordingListener events = new RecordingListener();
        SessionOptions fast = SessionOptions.builder()
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(100))
                .build();
        try (NodeToolClient client = client(server, events);
                JobSession session = client.connect(fast)) {
            JobHandle job = session.runJob(slow(20, 50));
            events.await(e -> e.name().equals("message") && e.a() instanceof NodeProgress);
            server.faults().dropWebSockets();
            RecordingListener.Event reconnect = events.await("sessionReconnect");
            assertThat(reconnect.a()).as("attempt").isEqualTo(1);
            assertThat(reconnect.b()).as("jobs resumed").isEqualTo(1);
            RecordingListener.Event replay = events.await("jobReplay");
            assertThat(((RunInfo) replay.a()).jobId()).isEqualTo(job.jobId());
            if (generation == Generation.CURRENT) {
                assertThat((Long) replay.b())
                        .as("replay after the last job_seq")
                        .isPositive();
            } else {
                assertThat((Long) replay.b())
                        .as("legacy: no job_seq, replay by status")
                        .isEqualTo(-1L);
            }
            try {
                await(job.result());
            } catch (ExecutionException lostOnLegacy) {
                // a legacy server may not resume the job; the events are what this test is about
            }
            events.await("jobEnd");
            assertThat(events.names())
                    .containsSubsequence("sessionConnect", "sessionDisconnect", "sessionReconnect", "jobReplay");
            assertThat(events.named("jobEnd")).hasSize(1);
            assertThat(events.named("sessionClose")).isEmpty();
        }
    }
}
