package ai.nodetool.client.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.TcpRelay;
import ai.nodetool.client.errors.InternalServerException;
import ai.nodetool.client.errors.JobCancelledException;
import ai.nodetool.client.errors.JobFailedException;
import ai.nodetool.client.errors.NodeToolIOException;
import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.errors.NodeToolTimeoutException;
import ai.nodetool.client.errors.NotFoundException;
import ai.nodetool.client.messages.AssetRef;
import ai.nodetool.client.messages.ErrorMessage;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.messages.JobUpdate;
import ai.nodetool.client.messages.NodeProgress;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.testing.RecordingSubscriber;
import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.BothGenerations;
import ai.nodetool.testserver.junit.OneGeneration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;

/**
 * JobStream against the real test server, both generations: Gen A NDJSON ({@code ?stream=true})
 * and Worker SSE, Gen C's non-streaming answer, every terminal path through the server's fault
 * injection, equal results to the blocking runs, and Reactor interop with cancellation reaching
 * the server.
 */
class JobStreamServerTest {

    /** Demo runs and their params: small and fast. */
    static Stream<Arguments> demoRuns() {
        return Stream.of(
                Arguments.of(DemoWorkflowIds.GREETING, Map.of("name", "Ada")),
                Arguments.of(DemoWorkflowIds.SUM, Map.of("a", 2, "b", 40)),
                Arguments.of(DemoWorkflowIds.IMAGE, Map.of("width", 8, "height", 4)),
                Arguments.of(DemoWorkflowIds.SLOW, Map.of("steps", 3, "delay_ms", 1)),
                Arguments.of(DemoWorkflowIds.TEXT_STREAM, Map.of("text", "one two three")));
    }

    static Stream<Arguments> demoRunsInEachGeneration() {
        return Stream.of(Generation.values())
                .flatMap(g -> demoRuns().map(a -> Arguments.of(g, a.get()[0], a.get()[1])));
    }

    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "delivery-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private NodeToolTestServer server;
    private NodeToolClient client;

    private NodeToolClient start(Generation generation) {
        server = NodeToolTestServer.builder().generation(generation).start();
        return connect(server.baseUrl());
    }

    private NodeToolClient connect(String url) {
        if (client != null) {
            client.close();
        }
        client =
                NodeToolClient.builder().baseUrl(url).callbackExecutor(executor).build();
        return client;
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        executor.shutdownNow();
    }

    // ---- results equal the blocking runs ----

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("demoRunsInEachGeneration")
    void streamResultEqualsBlockingRunOutputs(Generation generation, String id, Map<String, ?> params)
            throws Exception {
        NodeToolClient c = start(generation);

        RunResult blocking = c.workflows().run(id, params);
        RunResult streamed = c.workflows().stream(id, params).await();

        assertThat(streamed.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(comparable(streamed)).isNotEmpty().isEqualTo(comparable(blocking));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("demoRuns")
    void workerStreamResultEqualsWorkerRunOutputs(String id, Map<String, ?> params) throws Exception {
        NodeToolClient c = start(Generation.LEGACY);

        RunResult blocking = c.worker().run(id, params);
        RunResult streamed = c.worker().stream(id, params).await();

        assertThat(comparable(streamed)).isNotEmpty().isEqualTo(comparable(blocking));
        assertThat(streamed.jobId()).isNotNull();
    }

    @BothGenerations
    void failedRunDeliversTheFailureThenJobFailedException(NodeToolTestServer server) throws Exception {
        NodeToolClient c = connect(server.baseUrl());
        Throwable blocking = catchThrowable(() -> c.workflows().run(DemoWorkflowIds.FAIL, Map.of()));
        RecordingSubscriber<JobMessage> r = RecordingSubscriber.unbounded();

        c.workflows().stream(DemoWorkflowIds.FAIL, Map.of()).subscribe(r);

        r.awaitTerminal();
        // Gen C answers HTTP 200 status "failed", Gen A an HTTP 500 {"detail"} (protocol-notes §5.2):
        // run() and the stream fail alike either way, with the server's error text.
        assertThat(blocking)
                .isInstanceOfSatisfying(
                        JobFailedException.class,
                        e -> assertThat(e.error()).isEqualTo(((JobFailedException) r.error()).error()));
        assertThat(r.error())
                .isInstanceOfSatisfying(
                        JobFailedException.class, e -> assertThat(e.error()).contains("Something went wrong"));
        assertThat(r.items()).anySatisfy(m -> assertThat(m).isInstanceOf(ErrorMessage.class));
        assertThat(r.items().get(r.items().size() - 1))
                .isInstanceOfSatisfying(
                        JobUpdate.class, u -> assertThat(u.status()).isEqualTo(JobStatus.FAILED));
        assertThat(r.terminalSignals()).isEqualTo(1);
    }

    @OneGeneration(Generation.LEGACY)
    void workerFailedRunEndsWithJobFailedException(NodeToolTestServer server) throws Exception {
        NodeToolClient c = connect(server.baseUrl());
        RecordingSubscriber<JobMessage> r = RecordingSubscriber.unbounded();

        c.worker().stream(DemoWorkflowIds.FAIL, Map.of()).subscribe(r);

        r.awaitTerminal();
        assertThat(r.error())
                .isInstanceOfSatisfying(
                        JobFailedException.class, e -> assertThat(e.error()).contains("Something went wrong"));
        assertThat(r.items(JobMessage::type)).endsWith("job_update", "error");
    }

    @OneGeneration(Generation.LEGACY)
    void scriptedCancelledJobEndsWithJobCancelledException(NodeToolTestServer server) throws Exception {
        NodeToolClient c = connect(server.baseUrl());
        server.registerScript(
                "cancelled",
                "Cancelled",
                List.of(
                        Map.of(
                                "type",
                                "node_update",
                                "node_id",
                                "n1",
                                "node_name",
                                "Work",
                                "node_type",
                                "x.Work",
                                "status",
                                "running"),
                        Map.of("type", "job_update", "status", "cancelled")));

        assertThatThrownBy(() -> c.workflows().stream("cancelled", Map.of()).await())
                .isInstanceOf(JobCancelledException.class);
    }

    @OneGeneration(Generation.LEGACY)
    void progressListenerAndResultWithoutASubscriber(NodeToolTestServer server) throws Exception {
        NodeToolClient c = connect(server.baseUrl());
        List<NodeProgress> progress = new CopyOnWriteArrayList<>();

        RunResult result = c.workflows().stream(DemoWorkflowIds.SLOW, Map.of("steps", 4, "delay_ms", 1))
                .onProgress(progress::add)
                .await();

        assertThat(progress).hasSize(4);
        assertThat(progress.get(3).progress()).isEqualTo(progress.get(3).total());
        assertThat(result.status()).isEqualTo(JobStatus.COMPLETED);
    }

    // ---- every terminal path, through the server's fault injection ----

    @ParameterizedTest
    @EnumSource(Transport.class)
    void malformedItemFailsWithItsLineNumber(Transport transport) throws Exception {
        NodeToolClient c = start(Generation.LEGACY);
        server.faults().malformedAfter(2);
        RecordingSubscriber<JobMessage> r = RecordingSubscriber.unbounded();

        transport.stream(c, DemoWorkflowIds.GREETING, StreamOptions.defaults()).subscribe(r);

        r.awaitTerminal();
        assertThat(r.items()).hasSize(2);
        assertThat(r.error())
                .isInstanceOfSatisfying(
                        NodeToolProtocolException.class,
                        e -> assertThat(e.lineNumber()).isPresent());
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void oversizeItemFailsAtTheConfiguredLimit(Transport transport) throws Exception {
        NodeToolClient c = start(Generation.LEGACY);
        server.faults().oversizeAfter(1, 64 * 1024);
        RecordingSubscriber<JobMessage> r = RecordingSubscriber.unbounded();

        transport.stream(
                        c,
                        DemoWorkflowIds.GREETING,
                        StreamOptions.builder().maxLineBytes(16 * 1024).build())
                .subscribe(r);

        r.awaitTerminal();
        assertThat(r.items()).hasSize(1);
        assertThat(r.error()).isInstanceOf(NodeToolProtocolException.class).hasMessageContaining("oversize");
    }

    @OneGeneration(Generation.LEGACY)
    void defaultLineLimitIsFourMebibytes(NodeToolTestServer server) throws Exception {
        NodeToolClient c = connect(server.baseUrl());
        server.faults().oversizeAfter(1, 4 * 1024 * 1024 + 1024);

        assertThatThrownBy(() ->
                        c.workflows().stream(DemoWorkflowIds.GREETING, Map.of()).await())
                .isInstanceOf(NodeToolProtocolException.class)
                .hasMessageContaining("longer than 4194304 bytes");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void droppedConnectionIsAnIoError(Transport transport) throws Exception {
        NodeToolClient c = start(Generation.LEGACY);
        server.faults().dropStreamAfter(2);
        RecordingSubscriber<JobMessage> r = RecordingSubscriber.unbounded();

        transport.stream(c, DemoWorkflowIds.GREETING, StreamOptions.defaults()).subscribe(r);

        r.awaitTerminal();
        assertThat(r.items()).hasSize(2);
        assertThat(r.error()).isInstanceOf(NodeToolIOException.class).isNotInstanceOf(NodeToolTimeoutException.class);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void stalledStreamHitsTheIdleTimeout(Transport transport) throws Exception {
        NodeToolClient c = start(Generation.LEGACY);
        server.faults().stallStreamAfter(1, Duration.ofSeconds(60));
        RecordingSubscriber<JobMessage> r = RecordingSubscriber.unbounded();

        transport.stream(
                        c,
                        DemoWorkflowIds.GREETING,
                        StreamOptions.builder()
                                .idleTimeout(Duration.ofSeconds(1))
                                .build())
                .subscribe(r);

        r.awaitTerminal();
        // At most the one message before the stall (a cold, loaded machine may be slower than 1 s even before it).
        assertThat(r.items()).hasSizeLessThanOrEqualTo(1);
        assertThat(r.error())
                .isInstanceOfSatisfying(
                        NodeToolTimeoutException.class,
                        e -> assertThat(e.kind()).isEqualTo(NodeToolTimeoutException.Kind.IDLE));
    }

    @OneGeneration(Generation.LEGACY)
    void clientDefaultIdleTimeoutApplies(NodeToolTestServer server) throws Exception {
        client = NodeToolClient.builder()
                .baseUrl(server.baseUrl())
                .callbackExecutor(executor)
                .streamIdleTimeout(Duration.ofSeconds(1))
                .build();
        server.faults().stallStreamAfter(1, Duration.ofSeconds(60));

        assertThatThrownBy(() -> client.workflows().stream(DemoWorkflowIds.GREETING, Map.of())
                        .await())
                .isInstanceOfSatisfying(
                        NodeToolTimeoutException.class,
                        e -> assertThat(e.kind()).isEqualTo(NodeToolTimeoutException.Kind.IDLE));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void httpErrorBeforeTheStreamIsTyped(Transport transport) throws Exception {
        NodeToolClient c = start(Generation.LEGACY);
        server.faults().failNext("POST", "*", 1, 503);
        RecordingSubscriber<JobMessage> r = new RecordingSubscriber<>(0);

        transport.stream(c, DemoWorkflowIds.GREETING, StreamOptions.defaults()).subscribe(r);

        r.awaitTerminal();
        assertThat(r.error())
                .isInstanceOfSatisfying(
                        InternalServerException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(503));
        assertThat(r.items()).isEmpty();
    }

    @BothGenerations
    void unknownWorkflowIsNotFound(NodeToolTestServer server) throws Exception {
        NodeToolClient c = connect(server.baseUrl());

        assertThatThrownBy(
                        () -> c.workflows().stream("no-such-workflow", Map.of()).await())
                .isInstanceOf(NotFoundException.class);
    }

    @OneGeneration(Generation.CURRENT)
    void genCAnswerIsAShortStreamEndingInTheTerminalUpdate(NodeToolTestServer server) throws Exception {
        NodeToolClient c = connect(server.baseUrl());
        RecordingSubscriber<JobMessage> r = RecordingSubscriber.unbounded();

        JobStream stream = c.workflows().stream(DemoWorkflowIds.GREETING, Map.of("name", "Ada"));
        stream.subscribe(r);

        r.awaitTerminal();
        assertThat(r.completed()).isTrue();
        assertThat(r.items()).singleElement().isInstanceOfSatisfying(JobUpdate.class, u -> {
            assertThat(u.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(RunResult.fromJobUpdate(u).output("greeting")).isEqualTo("Hello, Ada!");
        });
        assertThat(stream.result().get(10, TimeUnit.SECONDS).output("greeting")).isEqualTo("Hello, Ada!");
    }

    // ---- subscriber failures and cancellation reach the server ----

    @ParameterizedTest
    @EnumSource(Transport.class)
    void cancelClosesTheConnectionTheServerIsStreamingOn(Transport transport) throws Exception {
        start(Generation.LEGACY);
        server.registerFirehose("endless", Integer.MAX_VALUE, 100);
        try (TcpRelay relay = new TcpRelay(server.port())) {
            NodeToolClient c = connect(relay.url());
            RecordingSubscriber<JobMessage> r = new RecordingSubscriber<>(5);

            transport.stream(c, "endless", StreamOptions.defaults()).subscribe(r);
            waitFor(() -> r.items().size() == 5);
            r.subscription().cancel();

            assertThat(relay.clientHungUp.await(10, TimeUnit.SECONDS))
                    .as("server-side connection closed")
                    .isTrue();
            assertThat(r.terminalSignals()).isEqualTo(0);
        }
    }

    /**
     * The only thread a stream creates is its idle timer (issue 4: no thread outlives the stream):
     * it must be gone after a completed run, a cancelled stream and an HTTP error.
     */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void noIdleTimerThreadOutlivesTheStream(Transport transport) throws Exception {
        NodeToolClient c = start(Generation.LEGACY);
        server.registerFirehose("endless", Integer.MAX_VALUE, 100);
        StreamOptions idle =
                StreamOptions.builder().idleTimeout(Duration.ofSeconds(60)).build();
        String timer = "nodetool-" + transport.name().toLowerCase(java.util.Locale.ROOT) + "-idle";

        assertThat(transport.stream(c, DemoWorkflowIds.GREETING, idle).result().get(10, TimeUnit.SECONDS))
                .isNotNull();
        awaitNoThreadStartingWith(timer);

        RecordingSubscriber<JobMessage> cancelled = new RecordingSubscriber<>(Long.MAX_VALUE);
        transport.stream(c, "endless", idle).subscribe(cancelled);
        waitFor(() -> cancelled.items().size() >= 5);
        assertThat(Thread.getAllStackTraces().keySet())
                .as("timer of the running stream")
                .anyMatch(t -> t.getName().startsWith(timer));
        cancelled.subscription().cancel();
        awaitNoThreadStartingWith(timer);

        server.faults().failNext("POST", "*", 1, 500);
        RecordingSubscriber<JobMessage> failed = new RecordingSubscriber<>(0);
        transport.stream(c, DemoWorkflowIds.GREETING, idle).subscribe(failed);
        failed.awaitTerminal();
        assertThat(failed.error()).isInstanceOf(InternalServerException.class);
        awaitNoThreadStartingWith(timer);
    }

    private static void awaitNoThreadStartingWith(String prefix) throws InterruptedException {
        waitFor(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith(prefix)));
    }

    @OneGeneration(Generation.LEGACY)
    void aThrowingSubscriberGetsItsExceptionAndTheConnectionCloses(NodeToolTestServer server) throws Exception {
        server.registerFirehose("endless", Integer.MAX_VALUE, 100);
        try (TcpRelay relay = new TcpRelay(server.port())) {
            NodeToolClient c = connect(relay.url());
            IllegalStateException boom = new IllegalStateException("subscriber bug");
            AtomicInteger seen = new AtomicInteger();
            RecordingSubscriber<JobMessage> r = RecordingSubscriber.<JobMessage>unbounded()
                    .onNextDo(item -> {
                        if (seen.incrementAndGet() == 3) {
                            throw boom;
                        }
                    });

            c.workflows().stream("endless", Map.of()).subscribe(r);

            r.awaitTerminal();
            assertThat(r.error()).isSameAs(boom);
            assertThat(r.terminalSignals()).isEqualTo(1);
            assertThat(relay.clientHungUp.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @OneGeneration(Generation.LEGACY)
    void cancellingTheResultFutureClosesTheConnection(NodeToolTestServer server) throws Exception {
        server.registerFirehose("endless", Integer.MAX_VALUE, 100);
        try (TcpRelay relay = new TcpRelay(server.port())) {
            NodeToolClient c = connect(relay.url());
            AtomicInteger seen = new AtomicInteger();
            var result = c.workflows().stream("endless", Map.of())
                    .onMessage(m -> seen.incrementAndGet())
                    .result();
            waitFor(() -> seen.get() > 100);

            result.cancel(true);

            assertThat(relay.clientHungUp.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(result).isCancelled();
        }
    }

    @OneGeneration(Generation.LEGACY)
    void reactorConsumesAJobStreamAndItsCancellationReachesTheServer(NodeToolTestServer server) throws Exception {
        server.registerFirehose("endless", Integer.MAX_VALUE, 100);
        try (TcpRelay relay = new TcpRelay(server.port())) {
            NodeToolClient c = connect(relay.url());

            List<JobMessage> first = JdkFlowAdapter.flowPublisherToFlux(c.workflows().stream("endless", Map.of()))
                    .take(10)
                    .collectList()
                    .block(Duration.ofSeconds(10));

            assertThat(first).hasSize(10);
            assertThat(first.get(0)).isInstanceOf(JobUpdate.class);
            assertThat(relay.clientHungUp.await(10, TimeUnit.SECONDS))
                    .as("take(10) cancelled the HTTP call")
                    .isTrue();
        }
    }

    @OneGeneration(Generation.LEGACY)
    void reactorSeesTheWholeRunAndItsResult(NodeToolTestServer server) throws Exception {
        NodeToolClient c = connect(server.baseUrl());
        JobStream stream = c.worker().stream(DemoWorkflowIds.TEXT_STREAM, Map.of("text", "a b c"));

        List<String> types = Flux.from(reactor.adapter.JdkFlowAdapter.flowPublisherToFlux(stream))
                .map(JobMessage::type)
                .collectList()
                .block(Duration.ofSeconds(10));

        assertThat(types).startsWith("job_update").endsWith("complete");
        assertThat(stream.result().get(10, TimeUnit.SECONDS).outputs()).isNotEmpty();
    }

    /** The two HTTP stream transports (both need a legacy server). */
    enum Transport {
        NDJSON {
            @Override
            JobStream stream(NodeToolClient c, String id, StreamOptions options) {
                return c.workflows().stream(id, Map.of(), options);
            }
        },
        SSE {
            @Override
            JobStream stream(NodeToolClient c, String id, StreamOptions options) {
                return c.worker().stream(id, Map.of(), options);
            }
        };

        abstract JobStream stream(NodeToolClient c, String id, StreamOptions options);
    }

    /**
     * Outputs with each asset reduced to what two runs share: Gen C stores every generated image
     * under a fresh temp-storage URI, so two runs differ only in that file name.
     */
    private static Map<String, List<Object>> comparable(RunResult result) {
        Map<String, List<Object>> out = new java.util.LinkedHashMap<>();
        result.outputs()
                .forEach((name, values) -> out.put(
                        name,
                        values.stream()
                                .map(v -> {
                                    if (v instanceof AssetRef) {
                                        AssetRef a = (AssetRef) v;
                                        String uri = a.uri()
                                                .map(u -> u.startsWith("data:")
                                                        ? u
                                                        : u.substring(0, u.lastIndexOf('/') + 1))
                                                .orElse(null);
                                        return (Object) List.of(a.type(), String.valueOf(uri));
                                    }
                                    return v;
                                })
                                .collect(java.util.stream.Collectors.toList())));
        return out;
    }

    private static Throwable catchThrowable(Runnable r) {
        try {
            r.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
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
