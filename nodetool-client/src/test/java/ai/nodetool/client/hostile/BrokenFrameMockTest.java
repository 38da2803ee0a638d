package ai.nodetool.client.hostile;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.session.JobHandle;
import ai.nodetool.client.session.JobSession;
import ai.nodetool.client.session.RunJobRequest;
import ai.nodetool.client.session.SessionOptions;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server that breaks RFC 6455 (a frame with the RSV1 bit set although no extension was agreed) ends
 * the session with a {@link NodeToolProtocolException} that says so, not with an HTTP "truncated body"
 * description, and never hangs the job waiting on it.
 */
@Timeout(60)
class BrokenFrameMockTest {

    @Test
    void aFrameThatBreaksTheWebSocketProtocolIsAProtocolError() throws Exception {
        try (RawWebSocketPeer peer = new RawWebSocketPeer(true, (s, in, out) -> {
                    in.read(new byte[256]); // the client's run_job
                    // answer it first, so runJob() returns and the job is open when the protocol breaks
                    out.write(RawWebSocketPeer.frame(
                            0x1, "{\"message\":\"Job started\",\"workflow_id\":\"wf\"}".getBytes(UTF_8)));
                    out.flush();
                    Thread.sleep(300);
                    out.write(new byte[] {(byte) 0xC1, 0x01, 'x'}); // FIN + RSV1 + text, one byte
                    out.flush();
                    Thread.sleep(2_000);
                });
                NodeToolClient client = NodeToolClient.builder()
                        .baseUrl(peer.httpUrl())
                        .webSocketUrl(peer.url())
                        .apiToken(null)
                        .build();
                JobSession session = client.connect(
                        SessionOptions.builder().reconnectAttempts(0).build())) {
            JobHandle job =
                    session.runJob(RunJobRequest.builder().workflowId("wf").build());
            Throwable failure = null;
            try {
                job.result().get(20, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                failure = e.getCause();
            }
            assertThat(failure).as("the job ended with the session").isNotNull();
            Throwable protocol = failure;
            while (protocol != null && !(protocol instanceof NodeToolProtocolException)) {
                protocol = protocol.getCause();
            }
            assertThat(protocol)
                    .as("a protocol error in " + failure)
                    .isInstanceOf(NodeToolProtocolException.class)
                    .hasMessageContaining("broke the WebSocket protocol")
                    .hasMessageNotContaining("truncated");
        }
    }
}
