package ai.nodetool.client.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.TcpRelay;
import ai.nodetool.client.errors.JobCancelledException;
import ai.nodetool.client.errors.JobFailedException;
import ai.nodetool.client.errors.NodeToolIOException;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.messages.JobUpdate;
import ai.nodetool.client.messages.OutputUpdate;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.session.JobHandle;
import ai.nodetool.client.session.JobSession;
import ai.nodetool.client.session.RunJobRequest;
import ai.nodetool.client.testing.NodeToolClients;
import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.BothGenerations;
import ai.nodetool.testserver.junit.OneGeneration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Plain iteration over streamed runs and WebSocket jobs: every message in order to the end, the
 * run's failure thrown as its typed exception after its messages, on-demand reading with a bounded
 * prefetch, early close cancelling the run where the server sees it, and interrupts.
 */
@ExtendWith(NodeToolClients.class)
class MessageIteratorServerTest {

    private static List<JobMessage> drain(MessageIterator it) {
        List<JobMessage> all = new ArrayList<>();
        it.forEachRemaining(all::add);
        return all;
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @BothGenerations
    void aStreamIteratesEveryMessageToTheTerminalUpdate(NodeToolClient client, Generation generation) throws Exception {
        JobStream stream = client.workflows().stream(DemoWorkflowIds.TEXT_STREAM, Map.of("text", "one two three"));
        List<JobMessage> messages;
        try (MessageIterator it = stream.iterator()) {
            messages = drain(it);
            assertThat(it.hasNext()).isFalse();
            assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
        }

        assertThat(messages.get(messages.size() - 1))
                .isInstanceOfSatisfying(
                        JobUpdate.class, u -> assertThat(u.status()).isEqualTo(JobStatus.COMPLETED));
        if (generation == Generation.LEGACY) { // Gen C's single answer carries the outputs in the update
            assertThat(messages).filteredOn(OutputUpdate.class::isInstance).isNotEmpty();
        }
        RunResult result = stream.result().get(10, TimeUnit.SECONDS);
        assertThat(result.status()).isEqualTo(JobStatus.COMPLETED);
    }

    @BothGenerations
    void toStreamIsALazyJavaStream(NodeToolClient client) {
        try (Stream<JobMessage> messages = client.workflows().stream(DemoWorkflowIds.GREETING, Map.of("name", "Ada"))
                .toStream()) {
            List<JobStatus> statuses = messages.filter(JobUpdate.class::isInstance)
                    .map(m -> ((JobUpdate) m).status())
                    .toList();
            assertThat(statuses).endsWith(JobStatus.COMPLETED);
        }
    }

    @BothGenerations
    void aFailedRunThrowsJobFailedExceptionAfterItsMessages(NodeToolClient client) {
        List<JobMessage> seen = new ArrayList<>();
        try (MessageIterator it =
                client.workflows().stream(DemoWorkflowIds.FAIL, Map.of()).iterator()) {
            assertThatThrownBy(() -> it.forEachRemaining(seen::add))
                    .isInstanceOfSatisfying(
                            JobFailedException.class,
                            e -> assertThat(e.getMessage()).contains("Something went wrong"));
            assertThatThrownBy(it::hasNext).as("the failure stays").isInstanceOf(JobFailedException.class);
        }
        assertThat(seen)
                .as("the failing terminal update comes first")
                .last()
                .isInstanceOfSatisfying(
                        JobUpdate.class, u -> assertThat(u.status()).isEqualTo(JobStatus.FAILED));
    }

    @OneGeneration(Generation.LEGACY) // Gen C answers a stream request once at the end (protocol-notes §5.1)
    void closingAnHttpStreamIteratorEarlyClosesTheCallAndReadsOnDemand(NodeToolTestServer server) throws Exception {
        server.registerFirehose("endless", Integer.MAX_VALUE, 100);
        try (TcpRelay relay = new TcpRelay(server.port());
                NodeToolClient client = NodeToolClients.builderFor(relay.url()).build()) {
            AtomicInteger delivered = new AtomicInteger();
            JobStream stream =
                    client.workflows().stream("endless", Map.of()).onMessage(m -> delivered.incrementAndGet());
            MessageIterator it = stream.iterator();
            assertThat(it.next()).isNotNull();
            Thread.sleep(300); // an eager reader would have read thousands by now
            assertThat(delivered.get())
                    .as("no more than the prefetch is read ahead")
                    .isBetween(1, MessageIterator.DEFAULT_PREFETCH);

            it.close();

            assertThat(relay.clientHungUp.await(10, TimeUnit.SECONDS))
                    .as("the server saw the client go away (a legacy server cancels the run)")
                    .isTrue();
            assertThat(it.hasNext()).isFalse();
            assertThatThrownBy(() -> stream.result().get(5, TimeUnit.SECONDS))
                    .isInstanceOf(CancellationException.class);
        }
    }

    @BothGenerations
    void closingAJobIteratorEarlyCancelsTheJobOnTheServer(NodeToolTestServer server, NodeToolClient client)
            throws Exception {
        try (JobSession session = client.connect()) {
            JobHandle job = session.runJob(RunJobRequest.builder()
                    .workflowId(DemoWorkflowIds.SLOW)
                    .param("steps", 100)
                    .param("delay_ms", 100)
                    .build());
            try (MessageIterator it = job.iterator()) {
                assertThat(it.next()).isNotNull();
            } // closed before the job ended

            waitFor(
                    () -> server.commands().stream()
                            .anyMatch(c -> "cancel_job".equals(c.command())
                                    && job.jobId()
                                            .equals(c.data().path("job_id").asText())),
                    "cancel_job for " + job.jobId());
            assertThatThrownBy(() -> job.result().get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(JobCancelledException.class);
        }
    }

    @BothGenerations
    void aJobIteratorEndsWithTheJobAndSendsNoCancel(NodeToolTestServer server, NodeToolClient client) throws Exception {
        try (JobSession session = client.connect()) {
            JobHandle job = session.runJob(RunJobRequest.builder()
                    .workflowId(DemoWorkflowIds.GREETING)
                    .param("name", "Ada")
                    .build());
            List<JobMessage> messages;
            try (MessageIterator it = job.iterator()) {
                messages = drain(it);
            }
            assertThat(messages)
                    .filteredOn(JobUpdate.class::isInstance)
                    .last()
                    .isInstanceOfSatisfying(
                            JobUpdate.class, u -> assertThat(u.status()).isEqualTo(JobStatus.COMPLETED));
            assertThat(job.result().get(10, TimeUnit.SECONDS).output("greeting"))
                    .isEqualTo("Hello, Ada!");
            assertThat(server.commands()).noneMatch(c -> "cancel_job".equals(c.command()));
        }
    }

    @BothGenerations
    void anInterruptWhileWaitingCancelsTheStreamAndKeepsTheFlag(NodeToolClient client) throws Exception {
        JobStream stream = client.workflows().stream(DemoWorkflowIds.SLOW, Map.of("steps", 100, "delay_ms", 100));
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        CompletableFuture<Boolean> flag = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (MessageIterator it = stream.iterator()) {
                while (it.hasNext()) {
                    it.next();
                }
                thrown.complete(null);
            } catch (RuntimeException e) {
                thrown.complete(e);
            } finally {
                flag.complete(Thread.currentThread().isInterrupted());
            }
        });
        reader.start();
        Thread.sleep(500);

        reader.interrupt();

        assertThat(thrown.get(5, TimeUnit.SECONDS)).isInstanceOf(NodeToolIOException.class);
        assertThat(flag.get(5, TimeUnit.SECONDS)).as("interrupt flag set again").isTrue();
        assertThatThrownBy(() -> stream.result().get(5, TimeUnit.SECONDS))
                .as("the stream was cancelled")
                .isInstanceOf(CancellationException.class);
        reader.join(Duration.ofSeconds(5).toMillis());
    }
}
