package ai.nodetool.client.session;

import static ai.nodetool.client.session.WsPeer.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.AuthenticationException;
import ai.nodetool.client.errors.CommandRejectedException;
import ai.nodetool.client.errors.JobFailedException;
import ai.nodetool.client.errors.NodeToolProtocolException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Authentication fails the same way on every generation (protocol-notes §3.3), and the client's
 * token never appears in text that came from the server (replies, job errors, protocol errors,
 * the 401's headers).
 */
class SessionAuthScrubMockTest {
    private static final String TOKEN = "ntk_secret_4242";

    private WsPeer peer;
    private NodeToolClient client;

    @BeforeEach
    void start() throws Exception {
        peer = new WsPeer();
        client =
                NodeToolClient.builder().baseUrl(peer.baseUrl()).apiToken(TOKEN).build();
    }

    @AfterEach
    void stop() {
        client.close();
        peer.close();
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

    // ---- authentication ----------------------------------------------------------------------

    @Test
    void legacyHttp403WithEmptyBodyOnTheUpgradeIsAnAuthenticationFailure() {
        // Gen A v0.6.1: close before accept, which uvicorn turns into HTTP 403 with no body.
        peer.refuseUpgrade(403, "");
        assertThatThrownBy(() -> client.connect())
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("403");
        assertThat(peer.server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void currentHttp401OnTheUpgradeIsAnAuthenticationFailureWithScrubbedHeaders() {
        peer.server.enqueue(new MockResponse.Builder()
                .code(401)
                .addHeader("WWW-Authenticate", "Bearer error=\"invalid_token\", token=\"" + TOKEN + "\"")
                .build());
        Throwable e = org.assertj.core.api.Assertions.catchThrowable(() -> client.connect());
        assertThat(e).isInstanceOf(AuthenticationException.class);
        AuthenticationException auth = (AuthenticationException) e;
        assertThat(auth.headers().get("www-authenticate"))
                .singleElement()
                .asString()
                .contains("***");
        assertThat(auth.headers().toString()).doesNotContain(TOKEN);
    }

    @Test
    void acceptThenClose1008FailsTheFirstCommandPromptlyWithAuthentication() throws Exception {
        // Gen B from v0.6.2: 101 first, then close 1008 with a reason (protocol-notes §3.3).
        peer.server.enqueue(new MockResponse.Builder()
                .webSocketUpgrade(new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket webSocket, Response response) {
                        webSocket.close(1008, "Invalid authentication");
                    }
                })
                .build());
        long start = System.nanoTime();
        JobSession session;
        try {
            session = client.connect(
                    SessionOptions.builder().replyTimeout(Duration.ofMinutes(5)).build());
        } catch (AuthenticationException refusedWhileConnecting) {
            return; // the close overtook the end of connect(): the same error, earlier
        }
        try (session) {
            Throwable e = failure(session.getStatus("job-1"));
            assertThat(e).isInstanceOf(AuthenticationException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThatThrownBy(() -> session.runJob(
                            RunJobRequest.builder().workflowId("wf").build()))
                    .isInstanceOf(AuthenticationException.class);
        }
    }

    @Test
    void close1008AfterACommandWasSentFailsItWithAuthentication() throws Exception {
        peer.acceptUpgrade();
        try (JobSession session = client.connect(
                SessionOptions.builder().replyTimeout(Duration.ofMinutes(5)).build())) {
            peer.awaitOpen();
            CompletableFuture<?> status = session.getStatus();
            peer.takeCommand("get_status");
            peer.current.close(1008, "Invalid authentication");
            assertThat(failure(status)).isInstanceOf(AuthenticationException.class);
        }
    }

    @Test
    void reconnectRefusedWith403AndNoBodyEndsTheSessionWithAuthentication() throws Exception {
        peer.acceptUpgrade();
        JobSession session = client.connect(SessionOptions.builder()
                .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50))
                .build());
        peer.awaitOpen();
        JobHandle job = session.runJob(RunJobRequest.builder().workflowId("wf").build());
        peer.takeCommand("run_job");
        peer.refuseUpgrade(403, "");
        peer.dropCurrent();
        assertThat(failure(job.result())).isInstanceOf(AuthenticationException.class);
        session.close();
    }

    // ---- scrubbing ---------------------------------------------------------------------------

    @Test
    void tokenIsScrubbedFromCommandRejections() throws Exception {
        peer.acceptUpgrade();
        try (JobSession session = client.connect()) {
            peer.awaitOpen();
            CompletableFuture<?> cancel = session.cancelJob("x");
            peer.takeCommand("cancel_job");
            peer.send(obj("error", "Job not found or already completed", "details", "token " + TOKEN, "job_id", "x"));
            Throwable e = failure(cancel);
            assertThat(e).isInstanceOf(CommandRejectedException.class).hasMessageContaining("***");
            assertThat(e.getMessage()).doesNotContain(TOKEN);
            assertThat(((CommandRejectedException) e).details()).doesNotContain(TOKEN);
        }
    }

    @Test
    void tokenIsScrubbedFromJobErrors() throws Exception {
        peer.acceptUpgrade();
        try (JobSession session = client.connect()) {
            peer.awaitOpen();
            JobHandle a =
                    session.runJob(RunJobRequest.builder().workflowId("wf").build());
            JobHandle b =
                    session.runJob(RunJobRequest.builder().workflowId("wf").build());
            peer.takeCommand("run_job");
            peer.takeCommand("run_job");
            peer.send(obj(
                    "type",
                    "job_update",
                    "status",
                    "failed",
                    "job_id",
                    a.jobId(),
                    "job_seq",
                    1,
                    "error",
                    "Node \"x\" failed: bad key " + TOKEN));
            peer.send(obj("type", "error", "message", "auth " + TOKEN + " refused", "job_id", b.jobId()));
            peer.send(obj("type", "job_update", "status", "failed", "job_id", b.jobId(), "error", "failed"));
            for (JobHandle job : List.of(a, b)) {
                Throwable e = failure(job.result());
                assertThat(e).isInstanceOf(JobFailedException.class).hasMessageContaining("***");
                assertThat(e.getMessage()).doesNotContain(TOKEN);
                assertThat(((JobFailedException) e).error()).doesNotContain(TOKEN);
                assertThat(((JobFailedException) e).result().error()).doesNotContain(TOKEN);
            }
        }
    }

    @Test
    void tokenIsScrubbedFromProtocolErrorSnippets() throws Exception {
        List<NodeToolProtocolException> errors = new CopyOnWriteArrayList<>();
        peer.acceptUpgrade();
        try (JobSession session = client.connect(
                SessionOptions.builder().protocolErrorHandler(errors::add).build())) {
            peer.awaitOpen();
            peer.current.send(TOKEN + " is not json");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (errors.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(errors).singleElement().satisfies(e -> {
                assertThat(e.getMessage()).contains("***").doesNotContain(TOKEN);
            });
            assertThat(session.isOpen()).isTrue();
        }
    }
}
