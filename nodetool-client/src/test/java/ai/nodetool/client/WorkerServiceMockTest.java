package ai.nodetool.client;

import static ai.nodetool.client.Gen.json;
import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.messages.AssetRef;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.workflows.Workflow;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** The Worker API (Gen A/B): body = params, {"results": …} normalised. */
class WorkerServiceMockTest {
    @StartStop
    private final MockWebServer editor = new MockWebServer();

    @StartStop
    private final MockWebServer worker = new MockWebServer();

    private NodeToolClient client() {
        return NodeToolClient.builder()
                .baseUrl(editor.url("/").toString())
                .workerUrl(worker.url("/deploy/").toString())
                .apiToken("wtok-1234")
                .build();
    }

    @Test
    void runPostsTheParamsObjectItselfToTheWorkerUrl() throws Exception {
        worker.enqueue(
                json(
                        "{\"results\":{\"String Output\":\"HELLO\",\"image\":{\"type\":\"image\","
                                + "\"uri\":\"data:application/octet-stream;base64,AQID\",\"asset_id\":null,\"data\":null},\"count\":3}}"));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("text", "hello");
        params.put("n", 2);

        RunResult result;
        try (NodeToolClient client = client()) {
            result = client.worker().run("wf1", params);
        }

        assertThat(result.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(result.outputs().get("String Output")).containsExactly("HELLO");
        assertThat(result.output("count")).isEqualTo(3);
        assertThat(result.output("image", AssetRef.class).bytes().orElseThrow()).containsExactly(1, 2, 3);
        RecordedRequest r = worker.takeRequest(10, TimeUnit.SECONDS);
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/deploy/workflows/wf1/run");
        assertThat(new ObjectMapper().readTree(r.getBody().utf8()))
                .isEqualTo(new ObjectMapper().readTree("{\"text\":\"hello\",\"n\":2}"));
        assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer wtok-1234");
        assertThat(editor.getRequestCount()).isZero();
    }

    @Test
    void runAsyncAndList() throws Exception {
        worker.enqueue(json("{\"results\":{\"out\":[1,2]}}"));
        worker.enqueue(json("{\"next\":null,\"workflows\":[" + Gen.A.workflow("w1", "a") + "]}"));
        try (NodeToolClient client = client()) {
            RunResult r = client.worker().runAsync("wf1", Map.of()).get(10, TimeUnit.SECONDS);
            // Gen A values are wrapped as one value even when the value is a list.
            assertThat(r.outputs().get("out")).containsExactly(List.of(1, 2));
            assertThat(client.worker().list().workflows())
                    .extracting(Workflow::id)
                    .containsExactly("w1");
        }
        worker.takeRequest(10, TimeUnit.SECONDS);
        assertThat(worker.takeRequest(10, TimeUnit.SECONDS).getUrl().encodedPath())
                .isEqualTo("/deploy/workflows");
    }

    @Test
    void workerUrlDefaultsToTheBaseUrl() throws Exception {
        editor.enqueue(json("{\"results\":{}}"));
        try (NodeToolClient client =
                NodeToolClient.builder().baseUrl(editor.url("/").toString()).build()) {
            assertThat(client.workerUrl()).isEqualTo(client.baseUrl());
            assertThat(client.worker().run("wf1", null).outputs()).isEmpty();
        }
        RecordedRequest r = editor.takeRequest(10, TimeUnit.SECONDS);
        assertThat(r.getUrl().encodedPath()).isEqualTo("/workflows/wf1/run");
        assertThat(r.getBody().utf8()).isEqualTo("{}");
    }
}
