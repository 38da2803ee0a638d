package ai.nodetool.client.observe;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.events.CallInfo;
import ai.nodetool.client.events.NodeToolEventListener;
import ai.nodetool.client.events.RetryInfo;
import ai.nodetool.client.events.RunInfo;
import ai.nodetool.client.events.SessionInfo;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.session.JobHandle;
import ai.nodetool.client.session.JobSession;
import ai.nodetool.client.session.RunJobRequest;
import ai.nodetool.client.testing.NodeToolClients;
import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.BothGenerations;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * A listener that throws from every method breaks nothing: calls (with a retry), blocking runs, streamed runs and
 * WebSocket jobs all succeed, and each exception is logged at WARNING under {@code ai.nodetool.client.events}.
 */
class ThrowingListenerServerTest {

    /** Throws from every event, and counts how often it was called. */
    static final class Throwing extends NodeToolEventListener {
        final AtomicInteger calls = new AtomicInteger();

        private void boom(String event) {
            calls.incrementAndGet();
            throw new IllegalStateException("listener bug in " + event);
        }

        @Override
        public void callStart(CallInfo call) {
            boom("callStart");
        }

        @Override
        public void retry(CallInfo call, RetryInfo retry) {
            boom("retry");
        }

        @Override
        public void callEnd(CallInfo call, int statusCode, Class<? extends RuntimeException> errorType) {
            boom("callEnd");
        }

        @Override
        public void jobStart(RunInfo run) {
            boom("jobStart");
        }

        @Override
        public void jobEnd(RunInfo run, JobStatus status, Throwable error) {
            boom("jobEnd");
        }

        @Override
        public void streamOpen(RunInfo run) {
            boom("streamOpen");
        }

        @Override
        public void message(RunInfo run, JobMessage message) {
            boom("message");
        }

        @Override
        public void streamEnd(RunInfo run, Throwable error) {
            boom("streamEnd");
        }

        @Override
        public void sessionConnect(SessionInfo session) {
            boom("sessionConnect");
        }

        @Override
        public void sessionClose(SessionInfo session, Throwable cause) {
            boom("sessionClose");
        }
    }

    @BothGenerations
    void everyRunSucceedsAndEachListenerExceptionIsLogged(NodeToolTestServer server) throws Exception {
        Throwing listener = new Throwing();
        try (CapturedLog log = new CapturedLog("ai.nodetool.client.events", Level.INFO);
                NodeToolClient client = NodeToolClients.builderFor(server.baseUrl())
                        .eventListener(listener)
                        .build()) {
            server.faults().failNext("GET", "/api/workflows/greeting", 1, 503);
            assertThat(client.workflows().get(DemoWorkflowIds.GREETING).id()).isEqualTo("greeting");

            RunResult blocking = client.workflows().run(DemoWorkflowIds.GREETING, Map.of("name", "Ada"));
            assertThat(blocking.output("greeting")).isEqualTo("Hello, Ada!");

            RunResult streamed = client.workflows().stream(DemoWorkflowIds.SUM, Map.of("a", 2, "b", 5))
                    .await();
            assertThat(((Number) streamed.output("sum")).intValue()).isEqualTo(7);

            try (JobSession session = client.connect()) {
                JobHandle job = session.runJob(RunJobRequest.builder()
                        .workflowId(DemoWorkflowIds.SLOW)
                        .param("steps", 2)
                        .param("delay_ms", 10)
                        .build());
                assertThat(job.result().get(20, TimeUnit.SECONDS).status()).isEqualTo(JobStatus.COMPLETED);
            }

            assertThat(listener.calls.get()).isGreaterThan(10);
            assertThat(log.records)
                    .as("one WARNING per listener exception")
                    .hasSizeGreaterThanOrEqualTo(listener.calls.get() - 1) // sessionClose may still be on its way
                    .allSatisfy(r -> {
                        assertThat(r.getLevel()).isEqualTo(Level.WARNING);
                        assertThat(r.getThrown()).isInstanceOf(IllegalStateException.class);
                    });
            assertThat(log.records)
                    .extracting(LogRecord::getMessage)
                    .anySatisfy(m ->
                            assertThat(m).contains(Throwing.class.getName()).contains("in retry"))
                    .anySatisfy(m -> assertThat(m).contains("in message"))
                    .anySatisfy(m -> assertThat(m).contains("in jobEnd"));
        }
    }
}
