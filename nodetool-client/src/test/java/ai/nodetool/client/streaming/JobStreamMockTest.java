package ai.nodetool.client.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.RawServer;
import ai.nodetool.client.errors.JobCancelledException;
import ai.nodetool.client.errors.JobFailedException;
import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.errors.NodeToolTimeoutException;
import ai.nodetool.client.errors.NotFoundException;
import ai.nodetool.client.messages.ErrorMessage;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.messages.JobUpdate;
import ai.nodetool.client.messages.NodeProgress;
import ai.nodetool.client.messages.OutputUpdate;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.testing.RecordingSubscriber;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * JobStream against exact wire shapes (protocol-notes §5.1, §5.3, §5.4) served by MockWebServer, and
 * against a raw socket for what a mock cannot show (a server that never answers, the client
 * hanging up). The same paths against the real test server are in {@link JobStreamServerTest}.
 */
class JobStreamMockTest {
    private static final ObjectMapper M = new ObjectMapper();

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final AtomicInteger threadCount = new AtomicInteger();
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-delivery-" + threadCount.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private NodeToolClient client;

    private NodeToolClient client() {
        return client(server.url("/").toString());
    }

    private NodeToolClient client(String url) {
        client =
                NodeToolClient.builder().baseUrl(url).callbackExecutor(executor).build();
        return client;
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        executor.shutdownNow();
    }

    private static MockResponse ndjson(String... lines) {
        return new MockResponse.Builder()
                .addHeader("Content-Type", "application/x-ndjson")
                .body(String.join("\n", lines) + "\n")
                .build();
    }

    private static MockResponse sse(String... payloads) {
        StringBuilder b = new StringBuilder();
        for (String p : payloads) {
            b.append("data: ").append(p).append("\n\n");
        }
        return new MockResponse.Builder()
                .addHeader("Content-Type", "text/event-stream")
                .body(b.toString())
                .build();
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder()
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build();
    }

    private static final String RUNNING =
            "{\"type\":\"job_update\",\"status\":\"running\",\"job_id\":\"j1\",\"workflow_id\":\"wf1\"}";
    private static final String PROGRESS =
            "{\"type\":\"node_progress\",\"node_id\":\"n1\",\"progress\":1,\"total\":2,\"job_id\":\"j1\"}";
    private static final String OUTPUT = "{\"type\":\"output_update\",\"node_id\":\"out\",\"node_name\":\"Output\","
            + "\"output_name\":\"greeting\",\"value\":\"Hello\",\"output_type\":\"str\",\"metadata\":{},\"job_id\":\"j1\"}";
    private static final String COMPLETED = "{\"type\":\"job_update\",\"status\":\"completed\",\"job_id\":\"j1\","
            + "\"workflow_id\":\"wf1\",\"result\":{\"greeting\":[\"Hello\"]},\"message\":\"Workflow wf1 completed in 0.01 seconds\"}";
    private static final String JOB_COMPLETED = "{\"type\":\"job_completed\",\"job_id\":\"j1\"}";

    @Test
    void genANdjsonRunDeliversEveryMessageOnTheExecutorAndEndsAtTheTerminalJobUpdate() throws Exception {
        server.enqueue(ndjson(RUNNING, PROGRESS, OUTPUT, COMPLETED, JOB_COMPLETED));
        RecordingSubscriber<JobMessage> r = RecordingSubscriber.unbounded();

        client().workflows().stream("wf1", Map.of("name", "World")).subscribe(r);

        r.awaitTerminal();
        assertThat(r.error()).isNull();
        assertThat(r.items(JobMessage::type))
                .containsExactly("job_update", "node_progress", "output_update", "job_update");
        assertThat(r.terminalSignals()).isEqualTo(1);
        assertThat(r.threads()).allMatch(t -> t.startsWith("test-delivery-"));
        RecordedRequest req = server.takeRequest(10, TimeUnit.SECONDS);
        assertThat(req.getMethod()).isEqualTo("POST");
        assertThat(req.getUrl().encodedPath()).isEqualTo("/api/workflows/wf1/run");
        assertThat(req.getUrl().queryParameter("stream")).isEqualTo("true");
        assertThat(M.readTree(req.getBody().utf8())).isEqualTo(M.readTree("{\"params\":{\"name\":\"World\"}}"));
    }

    @Test
    void resultMirrorsGenABlockingRunAndListenersSeeTheMessages() throws Exception {
        server.enqueue(ndjson(RUNNING, PROGRESS, OUTPUT, COMPLETED, JOB_COMPLETED));
        List<NodeProgress> progress = new CopyOnWriteArrayList<>();
        List<OutputUpdate> outputs = new CopyOnWriteArrayList<>();
        List<JobMessage> all = new CopyOnWriteArrayList<>();

        RunResult result = client().workflows().stream("wf1", Map.of())
                .onProgress(progress::add)
                .onOutput(outputs::add)
                .onMessage(all::add)
                .await();

        assertThat(result.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(result.jobId()).isEqualTo("j1");
        // Gen A's blocking run keys by node_name (the display title) with the last value (protocol-notes §5.2).
        assertThat(result.outputs()).isEqualTo(Map.of("Output", List.of("Hello")));
        assertThat(progress)
                .singleElement()
                .satisfies(p -> assertThat(p.progress()).isEqualTo(1.0));
        assertThat(outputs)
                .singleElement()
                .satisfies(o -> assertThat(o.outputName()).isEqualTo("greeting"));
        assertThat(all).hasSize(4);
    }

    @Test
    void failedRunDeliversTheErrorAndFailedUpdateThenJobFailedException() throws Exception {
        server.enqueue(ndjson(
                RUNNING,
                "{\"type\":\"error\",\"error\":\"boom\",\"job_id\":\"j1\"}",
                "{\"type\":\"job_update\",\"status\":\"failed\",\"error\":\"boom\",\"job_id\":\"j1\"}",
                "{\"type\":\"job_failed\",\"job_id\":\"j1\",\"error\":\"boom\"}"));
        JobStream stream = client().workflows().stream("wf1", Map.of());
        RecordingSubscriber<JobMessage> r = RecordingSubscriber.unbounded();

        stream.subscribe(r);

        r.awaitTerminal();
        assertThat(r.items(JobMessage::type)).containsExactly("job_update", "error", "job_update");
        assertThat(r.error()).isInstanceOfSatisfying(JobFailedException.class, e -> {
            assertThat(e.jobId()).isEqualTo("j1");
            assertThat(e.error()).isEqualTo("boom");
            assertThat(e.result().status()).isEqualTo(JobStatus.FAILED);
        });
        assertThat(r.terminalSignals()).isEqualTo(1);
        // result() after a user subscription reports that subscription's end.
        assertThatThrownBy(stream::await).isSameAs(r.error());
    }

    @Test
    void aJobFailedLineWithoutATerminalUpdateFailsTheStream() throws Exception {
        server.enqueue(ndjson(RUNNING, "{\"type\":\"job_failed\",\"job_id\":\"j1\",\"error\":\"generator raised\"}"));

        assertThatThrownBy(() -> client().workflows().stream("wf1", Map.of()).await())
                .isInstanceOfSatisfying(
                        JobFailedException.class, e -> assertThat(e.error()).isEqualTo("generator raised"));
    }

    @Test
    void aCancelledJobEndsWithJobCancelledException() throws Exception {
        server.enqueue(
                ndjson(RUNNING, "{\"type\":\"job_update\",\"status\":\"cancelled\",\"job_id\":\"j1\"}", JOB_COMPLETED));

        assertThatThrownBy(() -> client().workflows().stream("wf1", Map.of()).await())
                .isInstanceOfSatisfying(
                        JobCancelledException.class, e -> assertThat(e.jobId()).isEqualTo("j1"));
    }

    @Test
    void genCJsonAnswerBecomesATerminalJobUpdateAndTheSameResultAsRun() throws Exception {
        String body = "{\"job_id\":\"j9\",\"workflow_id\":\"wf1\",\"status\":\"completed\","
                + "\"outputs\":{\"result\":[\"a\",\"b\"]},\"error\":null,\"message_count\":14,\"background\":false}";
        server.enqueue(json(body));
        server.enqueue(json(body));
        RecordingSubscriber<JobMessage> r = RecordingSubscriber.unbounded();

        JobStream stream = client().workflows().stream("wf1", Map.of());
        stream.subscribe(r);
        r.awaitTerminal();
        RunResult streamed = stream.result().get(10, TimeUnit.SECONDS);
        RunResult blocking = client.workflows().run("wf1", Map.of());

        assertThat(r.items()).singleElement().isInstanceOfSatisfying(JobUpdate.class, u -> {
            assertThat(u.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(u.jobId()).isEqualTo("j9");
            assertThat(RunResult.fromJobUpdate(u).outputs()).isEqualTo(blocking.outputs());
        });
        assertThat(r.completed()).isTrue();
        assertThat(streamed).isEqualTo(blocking);
    }

    @Test
    void genCFailedAnswerGivesAnErrorMessageThenJobFailedException() throws Exception {
        server.enqueue(json("{\"job_id\":\"j9\",\"workflow_id\":\"wf1\",\"status\":\"failed\","
                + "\"outputs\":{},\"error\":\"Something went wrong\"}"));
        RecordingSubscriber<JobMessage> r = RecordingSubscriber.unbounded();

        client().workflows().stream("wf1", Map.of()).subscribe(r);

        r.awaitTerminal();
        assertThat(r.items()).hasSize(2);
        assertThat(r.items().get(0))
                .isInstanceOfSatisfying(
                        ErrorMessage.class, e -> assertThat(e.message()).isEqualTo("Something went wrong"));
        assertThat(r.items().get(1))
                .isInstanceOfSatisfying(
                        JobUpdate.class, u -> assertThat(u.status()).isEqualTo(JobStatus.FAILED));
        assertThat(r.error()).isInstanceOfSatisfying(JobFailedException.class, e -> {
            assertThat(e.jobId()).isEqualTo("j9");
            assertThat(e.error()).isEqualTo("Something went wrong");
        });
    }

    @Test
    void genCBackgroundReceiptIsAProtocolErrorNotAHang() throws Exception {
        server.enqueue(
                json(
                        "{\"job_id\":\"j9\",\"id\":\"j9\",\"workflow_id\":\"wf1\",\"status\":\"running\",\"background\":true}"));

        assertThatThrownBy(() -> client().workflows().stream("wf1", Map.of()).await())
                .isInstanceOf(NodeToolProtocolException.class)
                .hasMessageContaining("non-final status 'running'");
    }

    @Test
    void malformedLineNamesItsLineNumber() throws Exception {
        server.enqueue(ndjson(RUNNING, PROGRESS, "{\"type\": \"job_update\", \"status\": ", COMPLETED));
        RecordingSubscriber<JobMessage> r = RecordingSubscriber.unbounded();

        client().workflows().stream("wf1", Map.of()).subscribe(r);

        r.awaitTerminal();
        assertThat(r.items(JobMessage::type)).containsExactly("job_update", "node_progress");
        assertThat(r.error())
                .isInstanceOfSatisfying(
                        NodeToolProtocolException.class,
                        e -> assertThat(e.lineNumber()).hasValue(3));
    }

    @Test
    void aLineThatIsNotAMessageNamesItsLineNumber() throws Exception {
        server.enqueue(ndjson(RUNNING, "[1,2]", COMPLETED));

        assertThatThrownBy(() -> client().workflows().stream("wf1", Map.of()).await())
                .isInstanceOfSatisfying(NodeToolProtocolException.class, e -> {
                    assertThat(e.lineNumber()).hasValue(2);
                    assertThat(e).hasMessageContaining("line 2");
                });
    }

    @Test
    void untypedErrorLineIsDeliveredAsAnErrorMessage() throws Exception {
        server.enqueue(ndjson(RUNNING, "{\"error\":\"could not serialise message\"}", COMPLETED));
        RecordingSubscriber<JobMessage> r = RecordingSubscriber.unbounded();

        client().workflows().stream("wf1", Map.of()).subscribe(r);

        r.awaitTerminal();
        assertThat(r.completed()).isTrue();
        assertThat(r.items().get(1))
                .isInstanceOfSatisfying(
                        ErrorMessage.class, e -> assertThat(e.message()).isEqualTo("could not serialise message"));
    }

    @Test
    void oversizeLineFailsAtTheConfiguredLimit() throws Exception {
        String big = "{\"type\":\"log_update\",\"content\":\"" + "x".repeat(5000) + "\"}";
        server.enqueue(ndjson(RUNNING, big, COMPLETED));
        RecordingSubscriber<JobMessage> r = RecordingSubscriber.unbounded();

        client().workflows().stream(
                        "wf1",
                        Map.of(),
                        StreamOptions.builder().maxLineBytes(1024).build())
                .subscribe(r);

        r.awaitTerminal();
        assertThat(r.items(JobMessage::type)).containsExactly("job_update");
        assertThat(r.error()).isInstanceOf(NodeToolProtocolException.class).hasMessageContaining("oversize");
    }

    @Test
    void aCleanEndBeforeTheRunEndedIsATruncationError() throws Exception {
        server.enqueue(ndjson(RUNNING, PROGRESS));

        assertThatThrownBy(() -> client().workflows().stream("wf1", Map.of()).await())
                .isInstanceOf(NodeToolProtocolException.class)
                .hasMessageContaining("cut short");
    }

    @Test
    void httpErrorBeforeTheStreamIsSignalledWithoutDemand() throws Exception {
        server.enqueue(new MockResponse.Builder()
                .code(404)
                .addHeader("Content-Type", "application/json")
                .body("{\"detail\":\"Workflow not found\"}")
                .build());
        RecordingSubscriber<JobMessage> r = new RecordingSubscriber<>(0);

        client().workflows().stream("nope", Map.of()).subscribe(r);

        r.awaitTerminal();
        assertThat(r.error())
                .isInstanceOfSatisfying(
                        NotFoundException.class,
                        e -> assertThat(e.errorMessage()).isEqualTo("Workflow not found"));
        assertThat(r.items()).isEmpty();
    }

    @Test
    void nothingIsSentBeforeSubscriptionAndASecondSubscriberIsRejected() throws Exception {
        server.enqueue(ndjson(RUNNING, COMPLETED));
        JobStream stream = client().workflows().stream("wf1", Map.of());
        assertThat(server.getRequestCount()).isZero();

        RecordingSubscriber<JobMessage> first = RecordingSubscriber.unbounded();
        stream.subscribe(first);
        RecordingSubscriber<JobMessage> second = RecordingSubscriber.unbounded();
        stream.subscribe(second);

        first.awaitTerminal();
        second.awaitTerminal();
        assertThat(first.completed()).isTrue();
        assertThat(second.error()).isInstanceOf(IllegalStateException.class);
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThatThrownBy(() -> stream.onMessage(m -> {})).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void demandDrivesDelivery() throws Exception {
        server.enqueue(ndjson(RUNNING, PROGRESS, OUTPUT, COMPLETED));
        RecordingSubscriber<JobMessage> r = new RecordingSubscriber<>(1);

        client().workflows().stream("wf1", Map.of()).subscribe(r);

        r.awaitSubscribed();
        waitFor(() -> r.items().size() == 1);
        assertThat(r.awaitTerminal(200, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(r.items()).hasSize(1);
        r.subscription().request(10);
        r.awaitTerminal();
        assertThat(r.items()).hasSize(4);
        assertThat(r.completed()).isTrue();
    }

    @Test
    void readTimeoutDoesNotApplyToStreams() throws Exception {
        server.enqueue(new MockResponse.Builder()
                .addHeader("Content-Type", "application/x-ndjson")
                .bodyDelay(600, TimeUnit.MILLISECONDS)
                .body(RUNNING + "\n" + COMPLETED + "\n")
                .build());
        client = NodeToolClient.builder()
                .baseUrl(server.url("/").toString())
                .callbackExecutor(executor)
                .readTimeout(Duration.ofMillis(100))
                .build();

        RunResult result = client.workflows().stream("wf1", Map.of()).await();

        assertThat(result.status()).isEqualTo(JobStatus.COMPLETED);
    }

    // ---- SSE (Worker API) ----

    @Test
    void workerSseRunUnwrapsJobUpdatesAndTakesTheResultFromComplete() throws Exception {
        server.enqueue(sse(
                "{\"type\":\"job_update\",\"data\":{\"type\":\"job_update\",\"status\":\"running\",\"job_id\":\"j2\"}}",
                "{\"type\":\"output_update\",\"node_name\":\"String Output\",\"value\":\"hi\"}",
                "{\"type\":\"job_update\",\"data\":{\"status\":\"completed\",\"job_id\":\"j2\",\"result\":{\"text\":[\"hi\"]}}}",
                "{\"type\":\"complete\",\"results\":{\"String Output\":\"hi\"}}",
                "[DONE]"));
        server.enqueue(json("{\"results\":{\"String Output\":\"hi\"}}"));
        RecordingSubscriber<JobMessage> r = RecordingSubscriber.unbounded();

        JobStream stream = client().worker().stream("wf1", Map.of("text", "hi"));
        stream.subscribe(r);
        r.awaitTerminal();
        RunResult streamed = stream.result().get(10, TimeUnit.SECONDS);
        RunResult blocking = client.worker().run("wf1", Map.of("text", "hi"));

        assertThat(r.completed()).isTrue();
        assertThat(r.items(JobMessage::type)).containsExactly("job_update", "output_update", "job_update", "complete");
        assertThat(((JobUpdate) r.items().get(2)).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(streamed.outputs()).isEqualTo(blocking.outputs()).isEqualTo(Map.of("String Output", List.of("hi")));
        assertThat(streamed.jobId()).isEqualTo("j2");
        RecordedRequest req = server.takeRequest(10, TimeUnit.SECONDS);
        assertThat(req.getUrl().encodedPath()).isEqualTo("/workflows/wf1/run/stream");
        assertThat(req.getHeaders().get("Accept")).isEqualTo("text/event-stream");
        assertThat(M.readTree(req.getBody().utf8())).isEqualTo(M.readTree("{\"text\":\"hi\"}"));
    }

    @Test
    void workerErrorPathWithoutDoneEndsWithJobFailedException() throws Exception {
        server.enqueue(sse(
                "{\"type\":\"job_update\",\"data\":{\"status\":\"running\",\"job_id\":\"j2\"}}",
                "{\"type\":\"job_update\",\"data\":{\"status\":\"error\",\"job_id\":\"j2\",\"error\":\"node exploded\"}}",
                "{\"type\":\"error\",\"error\":\"node exploded\"}"));
        RecordingSubscriber<JobMessage> r = RecordingSubscriber.unbounded();

        client().worker().stream("wf1", Map.of()).subscribe(r);

        r.awaitTerminal();
        assertThat(r.items(JobMessage::type)).containsExactly("job_update", "job_update", "error");
        assertThat(r.error()).isInstanceOfSatisfying(JobFailedException.class, e -> {
            assertThat(e.error()).isEqualTo("node exploded");
            assertThat(e.jobId()).isEqualTo("j2");
        });
    }

    @Test
    void doneWithoutCompleteEndsTheStreamNormally() throws Exception {
        server.enqueue(sse(
                "{\"type\":\"job_update\",\"data\":{\"status\":\"completed\",\"job_id\":\"j2\"}}",
                "[DONE]",
                "{\"type\":\"output_update\",\"node_name\":\"never read\",\"value\":1}"));
        RecordingSubscriber<JobMessage> r = RecordingSubscriber.unbounded();

        client().worker().stream("wf1", Map.of()).subscribe(r);

        r.awaitTerminal();
        assertThat(r.completed()).isTrue();
        assertThat(r.items(JobMessage::type)).containsExactly("job_update");
    }

    @Test
    void malformedSseEventNamesItsLine() throws Exception {
        server.enqueue(new MockResponse.Builder()
                .addHeader("Content-Type", "text/event-stream")
                .body("data: {\"type\":\"job_update\",\"data\":{\"status\":\"running\"}}\n\ndata: {not json\n\n")
                .build());

        assertThatThrownBy(() -> client().worker().stream("wf1", Map.of()).await())
                .isInstanceOfSatisfying(
                        NodeToolProtocolException.class,
                        e -> assertThat(e.lineNumber()).hasValue(4));
    }

    // ---- cancellation and idleness while the server has not answered ----

    @Test
    void cancelWhileWaitingForTheResponseHeadClosesTheConnection() throws Exception {
        try (RawServer silent = new RawServer(null)) {
            JobStream stream = client(silent.url()).workflows().stream("wf1", Map.of());
            CompletableFuture<RunResult> result = stream.result();
            assertThat(silent.requestReceived.await(10, TimeUnit.SECONDS)).isTrue();

            result.cancel(true);

            assertThat(silent.clientClosed.await(10, TimeUnit.SECONDS))
                    .as("server saw the disconnect")
                    .isTrue();
            assertThat(result).isCancelled();
        }
    }

    @Test
    void idleTimeoutWhileWaitingForTheResponseHeadFailsWithKindIdle() throws Exception {
        try (RawServer silent = new RawServer(null)) {
            JobStream stream = client(silent.url()).workflows().stream(
                    "wf1",
                    Map.of(),
                    StreamOptions.builder().idleTimeout(Duration.ofMillis(300)).build());

            assertThatThrownBy(stream::await)
                    .isInstanceOfSatisfying(
                            NodeToolTimeoutException.class,
                            e -> assertThat(e.kind()).isEqualTo(NodeToolTimeoutException.Kind.IDLE));
            assertThat(silent.clientClosed.await(10, TimeUnit.SECONDS))
                    .as("server saw the disconnect")
                    .isTrue();
        }
    }

    @Test
    void cancelBeforeSubscribingNeverCallsTheServer() throws Exception {
        JobStream stream = client().workflows().stream("wf1", Map.of());
        stream.cancel();
        RecordingSubscriber<JobMessage> r = RecordingSubscriber.unbounded();

        stream.subscribe(r);

        r.awaitTerminal();
        assertThat(r.error()).isInstanceOf(CancellationException.class);
        assertThatThrownBy(() -> stream.result().get()).isInstanceOf(CancellationException.class);
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void aThrowingListenerEndsTheStreamWithItsException() throws Exception {
        server.enqueue(ndjson(RUNNING, PROGRESS, COMPLETED));
        IllegalStateException boom = new IllegalStateException("listener bug");

        CompletableFuture<RunResult> result = client().workflows().stream("wf1", Map.of())
                .onProgress(p -> {
                    throw boom;
                })
                .result();

        assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCause(boom);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }
}
