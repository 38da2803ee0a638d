package ai.nodetool.client.session;

import static ai.nodetool.client.session.WsPeer.obj;
import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.JobFailedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With {@code require_terminal_result} (the default), a current server's first {@code failed}
 * update is final: {@code result()} fails without waiting for {@link SessionOptions#terminalGrace()}.
 * The grace is set to 10 s here so that a wait for it would break the 5 s liveness bound. Also
 * records the time from the peer sending the failure frame to {@code result()} failing, and prints
 * the median (a measurement for the report, not an assertion).
 */
class FailureLatencyMockTest {
    private static final int RUNS = 15;

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

    @Test
    void failedUpdateEndsTheJobWithoutTheTerminalGrace() throws Exception {
        peer.acceptUpgrade();
        List<Long> micros = new ArrayList<>();
        try (JobSession session = client.connect(
                SessionOptions.builder().terminalGrace(Duration.ofSeconds(10)).build())) {
            peer.awaitOpen();
            for (int i = 0; i < RUNS; i++) {
                JobHandle job =
                        session.runJob(RunJobRequest.builder().workflowId("wf").build());
                peer.takeCommand("run_job");
                peer.send(obj("type", "job_update", "status", "running", "job_id", job.jobId(), "job_seq", 1));
                // Wait until the client has the running frame and its TCP ACK went out, so that the
                // failed frame does not wait in the peer's TCP stack (Nagle against the client's
                // delayed ACK adds ~40 ms that is not the SDK's).
                while (job.lastSeq() < 1) {
                    Thread.onSpinWait();
                }
                Thread.sleep(100);
                long[] failedAt = new long[1];
                CompletableFuture<Long> ended = job.result().handle((r, e) -> System.nanoTime());
                failedAt[0] = System.nanoTime();
                peer.send(obj(
                        "type",
                        "job_update",
                        "status",
                        "failed",
                        "job_id",
                        job.jobId(),
                        "job_seq",
                        2,
                        "error",
                        "Node \"x\" failed: boom"));
                long end = ended.get(5, TimeUnit.SECONDS);
                assertThat(job.result()).isCompletedExceptionally();
                assertThat(job.result()
                                .handle((r, e) -> e.getCause() != null ? e.getCause() : e)
                                .get())
                        .isInstanceOf(JobFailedException.class);
                micros.add((end - failedAt[0]) / 1000);
            }
        }
        Collections.sort(micros);
        System.out.println("[measurement] failed frame -> result() failed, median of " + RUNS + " runs: "
                + micros.get(RUNS / 2) + " us (min " + micros.get(0) + " us, max " + micros.get(RUNS - 1) + " us)");
    }
}
