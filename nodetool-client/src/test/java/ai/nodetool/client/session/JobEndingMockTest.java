package ai.nodetool.client.session;

import static ai.nodetool.client.session.WsPeer.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.JobCancelledException;
import ai.nodetool.client.errors.JobFailedException;
import ai.nodetool.client.errors.JobNotFoundException;
import ai.nodetool.client.errors.NotFoundException;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.messages.JobUpdate;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.testing.RecordingSubscriber;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How a job ends on every server generation, against a scripted peer playing the exact frames of
 * protocol-notes §7.2, §7.6, §8.4, §8.6 and §9.1: cancel never hangs, node failures carry the
 * server's text, queued jobs complete, reused ids, gone jobs, unknown workflows, legacy id matching.
 */
class JobEndingMockTest {
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

    private JobSession connect(SessionOptions.Builder options) throws InterruptedException {
        peer.acceptUpgrade();
        JobSession s = client.connect(options.reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50))
                .build());
        peer.awaitOpen();
        return s;
    }

    private static Throwable failure(CompletableFuture<?> f) {
        try {
            f.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a failure");
    }

    private static ObjectNode update(String jobId, String status, Long seq, Object... more) {
        ObjectNode o = obj("type", "job_update", "status", status, "job_id", jobId);
        if (seq != null) {
            o.put("job_seq", seq);
        }
        for (int i = 0; i < more.length; i += 2) {
            o.set((String) more[i], WsPeer.JSON.valueToTree(more[i + 1]));
        }
        return o;
    }

    private static void assertEndsCancelled(JobHandle job, RecordingSubscriber<JobMessage> updates)
            throws InterruptedException {
        assertThat(failure(job.result())).isInstanceOf(JobCancelledException.class);
        updates.awaitTerminal();
        assertThat(updates.error()).isInstanceOf(JobCancelledException.class);
        assertThat(job.isDone()).isTrue();
    }

    // ---- cancel ----------------------------------------------------------------------------

    @Test
    void legacyCancelAcknowledgementIsFinal() throws Exception {
        // A long cancelTimeout: the job must end on the acknowledgement, not on the timer.
        try (JobSession session = connect(SessionOptions.builder().cancelTimeout(Duration.ofMinutes(5)))) {
            JobHandle job =
                    session.runJob(RunJobRequest.builder().workflowId("wf").build());
            RecordingSubscriber<JobMessage> updates = new RecordingSubscriber<>();
            job.updates().subscribe(updates);
            peer.takeCommand("run_job");
            peer.send(obj("message", "Job started", "workflow_id", "wf"));
            peer.send(update(job.jobId(), "running", null)); // Gen A/B: no job_seq
            CompletableFuture<?> ack = job.cancel();
            WsPeer.Frame cancel = peer.takeCommand("cancel_job");
            assertThat(cancel.data().path("job_id").asText()).isEqualTo(job.jobId());
            peer.send(obj("message", "Job cancellation requested", "job_id", job.jobId(), "workflow_id", "wf"));
            ack.get(5, TimeUnit.SECONDS);
            assertEndsCancelled(job, updates);
            assertThat(updates.items()).hasSize(1); // only the running update: no terminal frame came
        }
    }

    @Test
    void currentServerCancelWithoutTerminalFrameEndsAfterCancelTimeout() throws Exception {
        try (JobSession session = connect(SessionOptions.builder().cancelTimeout(Duration.ofMillis(300)))) {
            JobHandle job =
                    session.runJob(RunJobRequest.builder().workflowId("wf").build());
            RecordingSubscriber<JobMessage> updates = new RecordingSubscriber<>();
            job.updates().subscribe(updates);
            peer.takeCommand("run_job");
            peer.send(update(job.jobId(), "running", 1L));
            session.cancelJob(job.jobId());
            peer.takeCommand("cancel_job");
            peer.send(obj("message", "Job cancellation requested", "job_id", job.jobId(), "workflow_id", "wf"));
            assertThat(failure(job.result()))
                    .isInstanceOf(JobCancelledException.class)
                    .hasMessageContaining("no terminal update");
            updates.awaitTerminal();
            assertThat(updates.error()).isInstanceOf(JobCancelledException.class);
            assertThat(job.isDone()).isTrue();
        }
    }

    @Test
    void cancelEndsTheJobEvenWithoutAnyReply() throws Exception {
        try (JobSession session = connect(
                SessionOptions.builder().cancelTimeout(Duration.ofMillis(200)).replyTimeout(Duration.ofMinutes(5)))) {
            JobHandle job =
                    session.runJob(RunJobRequest.builder().workflowId("wf").build());
            peer.takeCommand("run_job");
            job.cancel();
            peer.takeCommand("cancel_job"); // never answered
            RecordingSubscriber<JobMessage> updates = new RecordingSubscriber<>();
            job.updates().subscribe(updates);
            assertEndsCancelled(job, updates);
        }
    }

    @Test
    void currentServerLateTerminalFrameIsDeliveredAndEndsTheJob() throws Exception {
        try (JobSession session = connect(SessionOptions.builder().cancelTimeout(Duration.ofMinutes(5)))) {
            JobHandle job =
                    session.runJob(RunJobRequest.builder().workflowId("wf").build());
            RecordingSubscriber<JobMessage> updates = new RecordingSubscriber<>();
            job.updates().subscribe(updates);
            peer.takeCommand("run_job");
            peer.send(update(job.jobId(), "running", 1L));
            job.cancel();
            peer.takeCommand("cancel_job");
            peer.send(obj("message", "Job cancellation requested", "job_id", job.jobId(), "workflow_id", "wf"));
            Thread.sleep(200); // late
            peer.send(update(job.jobId(), "cancelled", 2L));
            assertEndsCancelled(job, updates);
            assertThat(updates.items())
                    .extracting(m -> ((JobUpdate) m).status())
                    .containsExactly(JobStatus.RUNNING, JobStatus.CANCELLED);
        }
    }

    @Test
    void queuedJobCancelEndsAtTheAcknowledgement() throws Exception {
        try (JobSession session = connect(SessionOptions.builder().cancelTimeout(Duration.ofMinutes(5)))) {
            JobHandle job =
                    session.runJob(RunJobRequest.builder().workflowId("wf").build());
            RecordingSubscriber<JobMessage> updates = new RecordingSubscriber<>();
            job.updates().subscribe(updates);
            peer.takeCommand("run_job");
            peer.send(update(job.jobId(), "queued", null, "queue_position", 1, "message", "Queued (#1)"));
            job.cancel();
            peer.takeCommand("cancel_job");
            peer.send(obj("message", "Queued job cancelled", "job_id", job.jobId(), "workflow_id", "wf"));
            peer.send(update(job.jobId(), "cancelled", null));
            assertEndsCancelled(job, updates);
        }
    }

    @Test
    void notFoundStatusAfterACancelEndsTheJobCancelled() throws Exception {
        try (JobSession session = connect(SessionOptions.builder().cancelTimeout(Duration.ofMinutes(5)))) {
            JobHandle job =
                    session.runJob(RunJobRequest.builder().workflowId("wf").build());
            RecordingSubscriber<JobMessage> updates = new RecordingSubscriber<>();
            job.updates().subscribe(updates);
            peer.takeCommand("run_job");
            job.cancel(); // before any frame: the acknowledgement alone cannot tell the generation
            peer.takeCommand("cancel_job");
            peer.send(obj("message", "Job cancellation requested", "job_id", job.jobId(), "workflow_id", ""));
            CompletableFuture<JobStatus> status = session.getStatus(job.jobId());
            peer.takeCommand("get_status");
            peer.send(obj("status", "not_found", "job_id", job.jobId()));
            assertThat(status.get(5, TimeUnit.SECONDS)).isEqualTo(JobStatus.NOT_FOUND);
            assertEndsCancelled(job, updates);
        }
    }

    @Test
    void notFoundStatusWithoutACancelEndsTheJobWithJobNotFound() throws Exception {
        try (JobSession session = connect(SessionOptions.builder())) {
            JobHandle job =
                    session.runJob(RunJobRequest.builder().workflowId("wf").build());
            peer.takeCommand("run_job");
            peer.send(update(job.jobId(), "running", null));
            CompletableFuture<JobStatus> status = session.getStatus(job.jobId());
            peer.takeCommand("get_status");
            peer.send(obj("status", "not_found", "job_id", job.jobId()));
            assertThat(status.get(5, TimeUnit.SECONDS)).isEqualTo(JobStatus.NOT_FOUND);
            Throwable e = failure(job.result());
            assertThat(e).isInstanceOf(JobNotFoundException.class).hasMessageContaining(job.jobId());
            assertThat(((JobNotFoundException) e).jobId()).isEqualTo(job.jobId());
            assertThat(job.isDone()).isTrue();
        }
    }

    // ---- node failure ----------------------------------------------------------------------

    @Test
    void errorFrameBeforeFailedGivesTheServersText() throws Exception {
        try (JobSession session = connect(SessionOptions.builder())) {
            JobHandle job =
                    session.runJob(RunJobRequest.builder().workflowId("wf").build());
            peer.takeCommand("run_job");
            peer.send(update(job.jobId(), "running", 1L));
            peer.send(obj(
                    "type",
                    "node_update",
                    "job_id",
                    job.jobId(),
                    "node_id",
                    "x",
                    "status",
                    "error",
                    "error",
                    "kaput",
                    "job_seq",
                    2));
            peer.send(obj("type", "error", "message", "Node x raised: kaput", "job_id", job.jobId(), "job_seq", 3));
            peer.send(update(job.jobId(), "failed", 4L, "error", "Something went wrong"));
            Throwable e = failure(job.result());
            assertThat(e).isInstanceOf(JobFailedException.class).hasMessageContaining("Node x raised: kaput");
            assertThat(((JobFailedException) e).error()).contains("Node x raised: kaput");
            assertThat(((JobFailedException) e).jobId()).isEqualTo(job.jobId());
        }
    }

    @Test
    void failedUpdateAloneCarriesTheNodeError() throws Exception {
        try (JobSession session = connect(SessionOptions.builder())) {
            JobHandle job =
                    session.runJob(RunJobRequest.builder().workflowId("wf").build());
            peer.takeCommand("run_job");
            peer.send(update(job.jobId(), "running", 1L));
            peer.send(update(job.jobId(), "failed", 2L, "error", "Node \"x\" failed: kaput"));
            Throwable e = failure(job.result());
            assertThat(e).isInstanceOf(JobFailedException.class);
            assertThat(((JobFailedException) e).error()).isEqualTo("Node \"x\" failed: kaput");
            assertThatThrownBy(job::await)
                    .isInstanceOf(JobFailedException.class)
                    .hasMessageContaining("Node \"x\" failed: kaput");
        }
    }

    // ---- queueing and reused ids -------------------------------------------------------------

    @Test
    void queuedJobShowsItsPositionAndCompletesWhenItRuns() throws Exception {
        try (JobSession session = connect(SessionOptions.builder())) {
            JobHandle job =
                    session.runJob(RunJobRequest.builder().workflowId("wf").build());
            RecordingSubscriber<JobMessage> updates = new RecordingSubscriber<>();
            job.updates().subscribe(updates);
            peer.takeCommand("run_job");
            peer.send(update(job.jobId(), "queued", null, "queue_position", 2, "message", "Queued (#2)"));
            peer.send(update(job.jobId(), "queued", null, "queue_position", 1, "message", "Queued (#1)"));
            peer.send(obj("message", "Job started", "workflow_id", "wf"));
            peer.send(update(job.jobId(), "running", 1L));
            peer.send(update(
                    job.jobId(), "completed", 2L, "result", Map.of("outputs", Map.of("greeting", List.of("hi")))));
            RunResult r = job.await();
            assertThat(r.output("greeting")).isEqualTo("hi");
            updates.awaitTerminal();
            List<JobUpdate> queued = updates.items().stream()
                    .map(m -> (JobUpdate) m)
                    .filter(u -> JobStatus.QUEUED.equals(u.status()))
                    .toList();
            assertThat(queued).extracting(JobUpdate::queuePosition).containsExactly(2L, 1L);
            assertThat(JobStatus.QUEUED.isKnown()).isTrue();
            assertThat(JobStatus.QUEUED.isTerminal()).isFalse();
        }
    }

    @Test
    void reusedJobIdEndsTheOldHandleAndGivesTheNewOneOnlyItsOwnFrames() throws Exception {
        try (JobSession session = connect(SessionOptions.builder())) {
            JobHandle old = session.runJob(
                    RunJobRequest.builder().workflowId("wf").jobId("dup-1").build());
            peer.takeCommand("run_job");
            peer.send(update("dup-1", "running", 1L));
            peer.send(obj("type", "node_update", "job_id", "dup-1", "node_id", "a", "status", "running", "job_seq", 2));
            RecordingSubscriber<JobMessage> oldUpdates = new RecordingSubscriber<>();
            old.updates().subscribe(oldUpdates);
            while (old.lastSeq() < 2) {
                Thread.sleep(5);
            }

            JobHandle fresh = session.runJob(
                    RunJobRequest.builder().workflowId("wf").jobId("dup-1").build());
            RecordingSubscriber<JobMessage> freshUpdates = new RecordingSubscriber<>();
            fresh.updates().subscribe(freshUpdates);
            assertEndsCancelled(old, oldUpdates);
            peer.takeCommand("run_job");
            // The older run's last frames (its numbering continues), then the new run's.
            peer.send(obj("type", "node_update", "job_id", "dup-1", "node_id", "a", "status", "error", "job_seq", 3));
            peer.send(update("dup-1", "cancelled", 4L));
            peer.send(update("dup-1", "running", 1L));
            peer.send(update("dup-1", "completed", 2L, "result", Map.of("outputs", Map.of("o", List.of("new")))));
            assertThat(fresh.await().output("o")).isEqualTo("new");
            freshUpdates.awaitTerminal();
            assertThat(freshUpdates.items())
                    .extracting(m -> ((JobUpdate) m).status())
                    .containsExactly(JobStatus.RUNNING, JobStatus.COMPLETED);
        }
    }

    @Test
    void reusedJobIdWhoseNumberingContinuesStillReachesTheNewHandle() throws Exception {
        try (JobSession session = connect(SessionOptions.builder())) {
            JobHandle old = session.runJob(
                    RunJobRequest.builder().workflowId("wf").jobId("dup-2").build());
            peer.takeCommand("run_job");
            peer.send(update("dup-2", "running", 1L));
            while (old.lastSeq() < 1) {
                Thread.sleep(5);
            }
            JobHandle fresh = session.runJob(
                    RunJobRequest.builder().workflowId("wf").jobId("dup-2").build());
            peer.takeCommand("run_job");
            assertThat(failure(old.result())).isInstanceOf(JobCancelledException.class);
            peer.send(update("dup-2", "cancelled", 2L)); // the older run's end
            peer.send(update("dup-2", "running", 3L));
            peer.send(update("dup-2", "completed", 4L, "result", Map.of("outputs", Map.of("o", List.of("new")))));
            assertThat(fresh.await().output("o")).isEqualTo("new");
        }
    }

    // ---- gone jobs ---------------------------------------------------------------------------

    @Test
    void jobGoneAfterReconnectEndsWithJobNotFound() throws Exception {
        try (JobSession session = connect(SessionOptions.builder())) {
            JobHandle job =
                    session.runJob(RunJobRequest.builder().workflowId("wf").build());
            peer.takeCommand("run_job");
            peer.send(update(job.jobId(), "running", 1L));
            while (job.lastSeq() < 1) {
                Thread.sleep(5);
            }
            peer.acceptUpgrade();
            peer.dropCurrent();
            peer.awaitOpen();
            WsPeer.Frame reconnect = peer.takeCommand("reconnect_job");
            assertThat(reconnect.data().path("job_id").asText()).isEqualTo(job.jobId());
            // Gen C, retention expired (protocol-notes §9.1): a reply, then a failed update.
            peer.send(obj("message", "Reconnecting to job " + job.jobId(), "job_id", job.jobId()));
            peer.send(update(job.jobId(), "failed", null, "error", "Job " + job.jobId() + " not found"));
            Throwable e = failure(job.result());
            assertThat(e).isInstanceOf(JobNotFoundException.class).hasMessageContaining(job.jobId());
            assertThat(job.isDone()).isTrue();
        }
    }

    @Test
    void notFoundReplyToReconnectEndsWithJobNotFound() throws Exception {
        try (JobSession session = connect(SessionOptions.builder())) {
            JobHandle job =
                    session.runJob(RunJobRequest.builder().workflowId("wf").build());
            peer.takeCommand("run_job");
            peer.send(update(job.jobId(), "running", 1L));
            while (job.lastSeq() < 1) {
                Thread.sleep(5);
            }
            peer.acceptUpgrade();
            peer.dropCurrent();
            peer.awaitOpen();
            peer.takeCommand("reconnect_job");
            peer.send(obj("error", "Job " + job.jobId() + " not found", "job_id", job.jobId()));
            Throwable e = failure(job.result());
            assertThat(e).isInstanceOf(JobNotFoundException.class).hasMessageContaining(job.jobId());
        }
    }

    // ---- unknown workflow, legacy id matching ------------------------------------------------

    @Test
    void unknownWorkflowOnCurrentServerIsNotFoundWithTheServersText() throws Exception {
        try (JobSession session = connect(SessionOptions.builder())) {
            JobHandle job =
                    session.runJob(RunJobRequest.builder().workflowId("nope").build());
            peer.takeCommand("run_job");
            peer.send(obj("error", "invalid_command", "details", "Workflow not found: nope"));
            assertThat(failure(job.result()))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("Workflow not found: nope");
            assertThat(failure(job.accepted())).isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void unknownWorkflowOnLegacyServerIsNotFoundWithTheServersText() throws Exception {
        try (JobSession session = connect(SessionOptions.builder())) {
            JobHandle job =
                    session.runJob(RunJobRequest.builder().workflowId("nope").build());
            peer.takeCommand("run_job");
            // Gen A/B start failure: the job id falls back to the workflow id (protocol-notes §8.4).
            peer.send(update("nope", "failed", null, "error", "Workflow nope not found"));
            Throwable e = failure(job.result());
            assertThat(e).isInstanceOf(NotFoundException.class).hasMessageContaining("Workflow nope not found");
            assertThat(((NotFoundException) e).errorMessage()).isEqualTo("Workflow nope not found");
        }
    }

    @Test
    void legacyStartFailureThatOvertakesAnOlderJobsFirstFrameGoesToItsOwnJob() throws Exception {
        try (JobSession session = connect(SessionOptions.builder())) {
            JobHandle first =
                    session.runJob(RunJobRequest.builder().workflowId("good").build());
            JobHandle second =
                    session.runJob(RunJobRequest.builder().workflowId("missing").build());
            peer.takeCommand("run_job");
            peer.takeCommand("run_job");
            peer.send(update("missing", "failed", null, "error", "Workflow missing not found"));
            peer.send(update("server-1", "running", null));
            peer.send(update("server-1", "completed", null, "result", Map.of("o", List.of("A"))));
            assertThat(first.await().output("o")).isEqualTo("A");
            assertThat(first.jobId()).isEqualTo("server-1");
            assertThat(failure(second.result())).isInstanceOf(NotFoundException.class);
        }
    }

    // ---- output keys -------------------------------------------------------------------------

    @Test
    void runJobAsksForTheTerminalResultByDefaultAndCanTurnItOff() throws Exception {
        try (JobSession session = connect(SessionOptions.builder())) {
            session.runJob(RunJobRequest.builder().workflowId("wf").build());
            assertThat(peer.takeCommand("run_job")
                            .data()
                            .path("require_terminal_result")
                            .asBoolean(false))
                    .isTrue();
            session.runJob(RunJobRequest.builder()
                    .workflowId("wf")
                    .requireTerminalResult(false)
                    .build());
            WsPeer.Frame off = peer.takeCommand("run_job");
            assertThat(off.data().has("require_terminal_result")).isTrue();
            assertThat(off.data().path("require_terminal_result").asBoolean(true))
                    .isFalse();
        }
    }
}
