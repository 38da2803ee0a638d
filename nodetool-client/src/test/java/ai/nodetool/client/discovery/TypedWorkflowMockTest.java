package ai.nodetool.client.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.InvalidInputException;
import ai.nodetool.client.messages.AssetRef;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A required input with no default (protocol-notes §4.6, golden type objects) must be given; media bind to AssetRef. */
class TypedWorkflowMockTest {
    private static final String IFACE = "{\"version\":1,\"workflow_id\":\"wf1\",\"etag\":\"e\",\"source\":\"server\","
            + "\"inputs\":[{\"node_id\":\"n1\",\"name\":\"prompt\",\"description\":\"\",\"type\":{\"type\":\"str\","
            + "\"optional\":false,\"type_args\":[],\"type_name\":null},\"required\":true,\"default\":null},"
            + "{\"node_id\":\"n2\",\"name\":\"photo\",\"description\":\"\",\"type\":{\"type\":\"image\",\"optional\":true,"
            + "\"type_args\":[],\"type_name\":null},\"required\":false,\"default\":null}],"
            + "\"outputs\":[{\"node_id\":\"n3\",\"name\":\"image\",\"type\":{\"type\":\"image\"},\"stream\":false}],"
            + "\"diagnostics\":[]}";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private NodeToolClient client;

    record In(String prompt, AssetRef photo) {}

    record Out(AssetRef image) {}

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    private NodeToolClient client() {
        client = NodeToolClient.builder()
                .baseUrl(server.url("/").toString())
                .apiToken(null)
                .maxRetries(0)
                .build();
        return client;
    }

    private void answer(String json) {
        server.enqueue(new MockResponse.Builder()
                .addHeader("Content-Type", "application/json")
                .body(json)
                .build());
    }

    @Test
    void aMissingRequiredInputIsNamedAndNothingIsRun() {
        answer(IFACE);
        assertThatThrownBy(() -> client().workflow("wf1").run(new In(null, null)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.inputName()).isEqualTo("prompt");
                    assertThat(e.workflowId()).isEqualTo("wf1");
                    assertThat(e.getMessage()).contains("'prompt'").contains("missing");
                });
        assertThat(server.getRequestCount()).isEqualTo(1); // the interface only
    }

    @Test
    void mediaOutputsBindToAssetRefComponents() {
        answer(IFACE);
        answer("{\"job_id\":\"j\",\"status\":\"completed\",\"outputs\":{\"image\":[{\"type\":\"image\","
                + "\"uri\":\"/api/storage/temp/o.png\",\"asset_id\":null,\"data\":null}]},\"error\":null}");

        Out out = client().workflow("wf1").run(Map.of("prompt", "a cat"), Out.class);

        assertThat(out.image().uri()).contains("/api/storage/temp/o.png");
    }
}
