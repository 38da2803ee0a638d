package ai.nodetool.client.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.NodeToolException;
import ai.nodetool.client.messages.AssetRef;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.session.JobHandle;
import ai.nodetool.client.session.JobSession;
import ai.nodetool.client.session.RunJobRequest;
import ai.nodetool.client.testing.NodeToolClients;
import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.BothGenerations;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

/**
 * The wire log (logger {@code ai.nodetool.client.wire}) against the test server with a token, both generations:
 * HTTP lines, headers and JSON bodies, and WebSocket frames decoded to JSON (MessagePack frames too) are written,
 * and every secret is redacted: the Authorization header, a configured header, {@code api_key} and {@code
 * auth_token} in query strings, JSON bodies and frames, and the token wherever it appears.
 */
class WireLogServerTest {
    private static final String TOKEN = "s3cret-token-123";
    private static final String[] SECRETS = {
        TOKEN, "tenant-hush-42", "param-key-777", "param-tok-888", "frame-tok-999", "query-key-555", "query-tok-666"
    };

    private static NodeToolClient.Builder wireClient(NodeToolTestServer server) {
        return NodeToolClients.builderFor(server.baseUrl())
                .apiToken(TOKEN)
                .webSocketApiKeyInQuery(true)
                .header("X-Tenant", "tenant-hush-42")
                .redactHeaders("X-Tenant");
    }

    @BothGenerations(token = TOKEN)
    void requestsResponsesAndFramesAreLoggedWithEverySecretRedacted(NodeToolTestServer server, Generation generation)
            throws Exception {
        String text;
        try (CapturedLog log = new CapturedLog("ai.nodetool.client.wire", Level.FINE);
                NodeToolClient client = wireClient(server).wireLog(true).build()) {
            client.workflows().get(DemoWorkflowIds.GREETING);
            client.workflows()
                    .run(
                            DemoWorkflowIds.GREETING,
                            Map.of("name", "Ada", "api_key", "param-key-777", "auth_token", "param-tok-888"));
            AssetRef elsewhere = AssetRef.of(new ObjectMapper()
                    .readTree("{\"type\":\"image\",\"uri\":\"" + server.baseUrl()
                            + "/api/storage/none.png?api_key=query-key-555&auth_token=query-tok-666&w=1\"}"));
            assertThatThrownBy(() -> client.download(elsewhere)).isInstanceOf(NodeToolException.class);
            try (JobSession session = client.connect()) {
                JobHandle job = session.runJob(RunJobRequest.builder()
                        .workflowId(DemoWorkflowIds.GREETING)
                        .authToken("frame-tok-999")
                        .param("name", "Bo")
                        .build());
                assertThat(job.result().get(20, TimeUnit.SECONDS).status()).isEqualTo(JobStatus.COMPLETED);
            }
            text = log.text();
        }
        assertThat(text)
                .as("HTTP lines, headers and bodies")
                .contains("--> GET " + server.baseUrl() + "/api/workflows/greeting")
                .contains("Authorization: ██")
                .contains("X-Tenant: ██")
                .contains("<-- 200 ")
                .contains("\"name\":\"Ada\"")
                .contains("\"api_key\":\"██\"")
                .contains("\"auth_token\":\"██\"")
                .contains("/api/storage/none.png?api_key=%E2%96%88%E2%96%88&auth_token=%E2%96%88%E2%96%88&w=1");
        assertThat(text)
                .as("WebSocket frames, decoded to JSON")
                .contains("--> ws {\"command\":\"run_job\"")
                .contains("<-- ws binary {")
                .contains("\"type\":\"job_update\"")
                .contains("\"auth_token\":\"██\"");
        for (String secret : SECRETS) {
            assertThat(text).as(generation + ": the log never shows " + secret).doesNotContain(secret);
        }
    }

    @BothGenerations(token = TOKEN)
    void bodiesAreCutAtTheLimit(NodeToolTestServer server) {
        String text;
        try (CapturedLog log = new CapturedLog("ai.nodetool.client.wire", Level.FINE);
                NodeToolClient client =
                        wireClient(server).wireLog(true).wireLogBodyLimit(40).build()) {
            client.workflows().run(DemoWorkflowIds.GREETING, Map.of("name", "x".repeat(500)));
            text = log.text();
        }
        assertThat(text).contains("more chars)").doesNotContain("x".repeat(60));
    }

    @BothGenerations(token = TOKEN)
    void offByDefaultAndOnWhenTheLoggerAcceptsTrace(NodeToolTestServer server) {
        try (CapturedLog log = new CapturedLog("ai.nodetool.client.wire", Level.FINE);
                NodeToolClient client = wireClient(server).build()) {
            client.workflows().get(DemoWorkflowIds.GREETING);
            assertThat(log.records).as("no flag, logger at DEBUG only: off").isEmpty();
        }
        String text;
        try (CapturedLog log = new CapturedLog("ai.nodetool.client.wire", Level.FINEST);
                NodeToolClient client = wireClient(server).build()) {
            client.workflows().get(DemoWorkflowIds.GREETING);
            text = log.text();
            assertThat(log.records)
                    .isNotEmpty()
                    .allSatisfy(r -> assertThat(r.getLevel()).isEqualTo(Level.FINER));
        }
        assertThat(text).contains("--> GET").contains("Authorization: ██").doesNotContain(TOKEN);
    }
}
