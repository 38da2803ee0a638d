package ai.nodetool.client;

import static ai.nodetool.client.Gen.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.errors.ConflictException;
import ai.nodetool.client.errors.InternalServerException;
import ai.nodetool.client.errors.JobCancelledException;
import ai.nodetool.client.errors.JobFailedException;
import ai.nodetool.client.errors.NotFoundException;
import ai.nodetool.client.messages.AssetRef;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.workflows.Edge;
import ai.nodetool.client.workflows.Graph;
import ai.nodetool.client.workflows.ListWorkflowsParams;
import ai.nodetool.client.workflows.Node;
import ai.nodetool.client.workflows.Workflow;
import ai.nodetool.client.workflows.WorkflowInterface;
import ai.nodetool.client.workflows.WorkflowPage;
import ai.nodetool.client.workflows.WorkflowRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Editor API against exact Gen A and Gen C response shapes. */
class WorkflowsServiceMockTest {
    private static final ObjectMapper M = new ObjectMapper();

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private NodeToolClient client;

    private NodeToolClient client() {
        client = NodeToolClient.builder()
                .baseUrl(server.url("/").toString())
                .sleeper(d -> {})
                .build();
        return client;
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(10, TimeUnit.SECONDS);
        assertThat(r).as("request reached the server").isNotNull();
        return r;
    }

    private static JsonNode body(RecordedRequest r) throws Exception {
        return M.readTree(r.getBody().utf8());
    }

    @ParameterizedTest
    @EnumSource(Gen.class)
    void listReturnsOnePageWithTypedWorkflowsAndKeepsUnknownFields(Gen gen) throws Exception {
        server.enqueue(json(gen.page("cur-2", gen.workflow("wf1", "Echo"), gen.workflow("wf2", "Other"))));

        WorkflowPage page = client().workflows().list();

        assertThat(page.workflows()).extracting(Workflow::id).containsExactly("wf1", "wf2");
        assertThat(page.next()).isEqualTo("cur-2");
        assertThat(page.hasNext()).isTrue();
        Workflow w = page.workflows().get(0);
        assertThat(w.name()).isEqualTo("Echo");
        assertThat(w.tags()).containsExactly("demo");
        assertThat(w.runMode()).isEqualTo("workflow");
        assertThat(w.unknownFields()).containsOnlyKeys("future_field");
        assertThat(w.get("future_field").get("x").asInt()).isEqualTo(1);
        assertThat(w.raw().get("future_field")).isEqualTo(M.readTree("{\"x\":1}"));
        assertThat(w.updatedAt()).isPresent();
        Graph g = w.graph().orElseThrow();
        assertThat(g.nodes()).extracting(Node::id).containsExactly("in1", "out1");
        assertThat(g.nodes().get(0).isInput()).isTrue();
        assertThat(g.nodes().get(0).name()).isEqualTo("text");
        assertThat(g.nodes().get(1).unknownFields()).containsOnlyKeys("node_extra");
        assertThat(g.edges()).extracting(Edge::target).containsExactly("out1");
        if (gen == Gen.A) {
            assertThat(w.inputSchema().orElseThrow().at("/properties/text/type").asText())
                    .isEqualTo("string");
            assertThat(w.etag()).isNull();
        } else {
            assertThat(w.inputSchema()).isEmpty();
            assertThat(w.etag()).isEqualTo("rev-3");
        }

        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("GET");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/api/workflows");
        assertThat(r.getUrl().querySize()).isZero();
        assertThat(r.getHeaders().get("Accept")).isEqualTo("application/json");
    }

    @Test
    void listSendsLimitCursorRunModeAndColumns() throws Exception {
        server.enqueue(json(Gen.C.page(null)));

        WorkflowPage page = client().workflows()
                .list(ListWorkflowsParams.builder()
                        .limit(5)
                        .cursor("abc")
                        .runMode("tool")
                        .columns(List.of("id", "name"))
                        .build());

        assertThat(page.workflows()).isEmpty();
        assertThat(page.hasNext()).isFalse();
        RecordedRequest r = take();
        assertThat(r.getUrl().queryParameter("limit")).isEqualTo("5");
        assertThat(r.getUrl().queryParameter("cursor")).isEqualTo("abc");
        assertThat(r.getUrl().queryParameter("run_mode")).isEqualTo("tool");
        assertThat(r.getUrl().queryParameter("columns")).isEqualTo("id,name");
    }

    @ParameterizedTest
    @EnumSource(Gen.class)
    void listAllFollowsNextLazilyAcrossPages(Gen gen) throws Exception {
        server.enqueue(json(gen.page("p2", gen.workflow("w1", "a"), gen.workflow("w2", "b"))));
        server.enqueue(json(gen.page("p3", gen.workflow("w3", "c"))));
        server.enqueue(json(gen.page(null, gen.workflow("w4", "d"))));

        Iterator<Workflow> it = client().workflows()
                .listAll(ListWorkflowsParams.builder().limit(2).build())
                .iterator();
        assertThat(server.getRequestCount())
                .as("nothing fetched before iteration")
                .isZero();
        assertThat(it.next().id()).isEqualTo("w1");
        assertThat(it.next().id()).isEqualTo("w2");
        assertThat(server.getRequestCount()).as("second page not fetched yet").isEqualTo(1);
        assertThat(it.next().id()).isEqualTo("w3");
        assertThat(it.next().id()).isEqualTo("w4");
        assertThat(it.hasNext()).isFalse();

        assertThat(take().getUrl().queryParameter("cursor")).isNull();
        RecordedRequest second = take();
        assertThat(second.getUrl().queryParameter("cursor")).isEqualTo("p2");
        assertThat(second.getUrl().queryParameter("limit")).isEqualTo("2");
        assertThat(take().getUrl().queryParameter("cursor")).isEqualTo("p3");
    }

    @Test
    void listAllStopsOnARepeatedCursor() throws Exception {
        server.enqueue(json(Gen.C.page("same", Gen.C.workflow("w1", "a"))));
        server.enqueue(json(Gen.C.page("same", Gen.C.workflow("w2", "b"))));
        server.enqueue(json(Gen.C.page(null, Gen.C.workflow("never", "x"))));

        List<String> ids =
                client().workflows().listAll().stream().map(Workflow::id).collect(Collectors.toList());

        assertThat(ids).containsExactly("w1", "w2");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Gen.class)
    void getReturnsTheWorkflow(Gen gen) throws Exception {
        server.enqueue(json(gen.workflow("wf 1/x", "Echo")));

        Workflow w = client().workflows().get("wf 1/x");

        assertThat(w.id()).isEqualTo("wf 1/x");
        assertThat(take().getUrl().encodedPath()).isEqualTo("/api/workflows/wf%201%2Fx");
    }

    @ParameterizedTest
    @EnumSource(Gen.class)
    void getOfAMissingWorkflowThrowsNotFoundWithTheServerText(Gen gen) {
        server.enqueue(json(404, "{\"detail\":\"Workflow not found\"}"));

        assertThatThrownBy(() -> client().workflows().get("nope"))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("404")
                .hasMessageContaining("Workflow not found")
                .satisfies(
                        e -> assertThat(((NotFoundException) e).errorMessage()).isEqualTo("Workflow not found"));
    }

    @ParameterizedTest
    @EnumSource(Gen.class)
    void createPostsTheRequestBody(Gen gen) throws Exception {
        server.enqueue(json(gen.workflow("new1", "Echo")));
        Graph graph = Graph.of(
                List.of(
                        Node.of("in1", "nodetool.input.StringInput", Map.of("name", "text", "value", "hi")),
                        Node.of("out1", "nodetool.output.Output", Map.of("name", "result"))),
                List.of(Edge.of("e1", "in1", "output", "out1", "value")));

        Workflow created = client().workflows()
                .create(WorkflowRequest.builder()
                        .name("Echo")
                        .description("demo")
                        .tags(List.of("demo"))
                        .access("private")
                        .graph(graph)
                        .runMode("workflow")
                        .field("custom_key", Map.of("a", 1))
                        .build());

        assertThat(created.id()).isEqualTo("new1");
        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/api/workflows");
        assertThat(r.getHeaders().get("Content-Type")).startsWith("application/json");
        JsonNode body = body(r);
        assertThat(body.get("name").asText()).isEqualTo("Echo");
        assertThat(body.at("/graph/nodes/0/data/name").asText()).isEqualTo("text");
        assertThat(body.at("/graph/edges/0/sourceHandle").asText()).isEqualTo("output");
        assertThat(body.at("/custom_key/a").asInt()).isEqualTo(1);
        assertThat(body.has("expected_updated_at")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Gen.class)
    void updatePutsWithOptionalExpectedUpdatedAtAndKeepsUnknownFields(Gen gen) throws Exception {
        server.enqueue(json(gen.workflow("wf1", "Echo")));
        server.enqueue(json(gen.workflow("wf1", "Renamed")));
        server.enqueue(
                json(409, "{\"detail\":\"Workflow was modified since last read (optimistic concurrency conflict)\"}"));

        Workflow w = client().workflows().get("wf1");
        Workflow saved = client.workflows()
                .update(
                        "wf1",
                        w.toRequest()
                                .name("Renamed")
                                .expectedUpdatedAt(w.updatedAtRaw())
                                .build());
        assertThat(saved.name()).isEqualTo("Renamed");
        assertThatThrownBy(() -> client.workflows()
                        .update(
                                "wf1",
                                WorkflowRequest.builder()
                                        .name("x")
                                        .expectedUpdatedAt("2000-01-01T00:00:00Z")
                                        .build()))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("optimistic concurrency conflict");

        take();
        RecordedRequest put = take();
        assertThat(put.getMethod()).isEqualTo("PUT");
        assertThat(put.getUrl().encodedPath()).isEqualTo("/api/workflows/wf1");
        JsonNode body = body(put);
        assertThat(body.get("name").asText()).isEqualTo("Renamed");
        assertThat(body.get("expected_updated_at").asText()).isEqualTo(w.updatedAtRaw());
        assertThat(body.get("future_field").get("x").asInt())
                .as("unknown field sent back")
                .isEqualTo(1);
        assertThat(body.has("id")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Gen.class)
    void deleteAcceptsBoth200NullAnd204(Gen gen) throws Exception {
        server.enqueue(gen.deleted());

        client().workflows().delete("wf1");

        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("DELETE");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/api/workflows/wf1");
    }

    @ParameterizedTest
    @EnumSource(Gen.class)
    void publicListingsAndExamples(Gen gen) throws Exception {
        server.enqueue(json(gen.page(null, gen.workflow("p1", "Pub"))));
        server.enqueue(json(gen.workflow("p1", "Pub")));
        server.enqueue(json(gen.page(null, gen.workflow("ex.json", "Example"))));

        assertThat(client().workflows().listPublic().workflows())
                .extracting(Workflow::id)
                .containsExactly("p1");
        assertThat(client.workflows().getPublic("p1").name()).isEqualTo("Pub");
        assertThat(client.workflows().examples().workflows())
                .extracting(Workflow::id)
                .containsExactly("ex.json");

        assertThat(take().getUrl().encodedPath()).isEqualTo("/api/workflows/public");
        assertThat(take().getUrl().encodedPath()).isEqualTo("/api/workflows/public/p1");
        assertThat(take().getUrl().encodedPath()).isEqualTo("/api/workflows/examples");
    }

    @Test
    void interfaceOfReadsGenCPins() throws Exception {
        server.enqueue(json("{\"version\":1,\"workflow_id\":\"wf1\",\"etag\":\"e\",\"source\":\"server\","
                + "\"inputs\":[{\"node_id\":\"in1\",\"name\":\"text\",\"description\":\"\",\"type\":\"str\","
                + "\"required\":true,\"default\":\"hi\"}],"
                + "\"outputs\":[{\"node_id\":\"out1\",\"name\":\"result\",\"description\":\"\",\"type\":\"any\",\"stream\":false}],"
                + "\"diagnostics\":[]}"));

        WorkflowInterface wi = client().workflows().interfaceOf("wf1");

        assertThat(wi.workflowId()).isEqualTo("wf1");
        assertThat(wi.inputs()).singleElement().satisfies(i -> {
            assertThat(i.name()).isEqualTo("text");
            assertThat(i.required()).isTrue();
            assertThat(i.defaultValue().asText()).isEqualTo("hi");
        });
        assertThat(wi.outputs()).extracting(WorkflowInterface.Output::name).containsExactly("result");
        RecordedRequest r = take();
        assertThat(r.getUrl().encodedPath()).isEqualTo("/api/workflows/wf1/interface");
        assertThat(r.getUrl().queryParameter("version")).isEqualTo("1");
    }

    @ParameterizedTest
    @EnumSource(Gen.class)
    void runPostsParamsAndNormalisesTheResult(Gen gen) throws Exception {
        server.enqueue(gen.runOk());

        RunResult result = client().workflows().run("wf1", Map.of("text", "hello"));

        assertThat(result.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(result.outputs()).containsOnlyKeys(gen.runOutputName());
        assertThat(result.outputs().get(gen.runOutputName())).containsExactly("hello");
        assertThat(result.output(gen.runOutputName())).isEqualTo("hello");
        assertThat(result.jobId()).isEqualTo(gen == Gen.C ? "job-1" : null);
        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/api/workflows/wf1/run");
        assertThat(body(r)).isEqualTo(M.readTree("{\"params\":{\"text\":\"hello\"}}"));
    }

    @Test
    void runNormalisesMediaAndListValues() {
        server.enqueue(json("{\"job_id\":\"j\",\"workflow_id\":\"wf1\",\"status\":\"completed\",\"outputs\":{"
                + "\"image\":[{\"type\":\"image\",\"uri\":\"data:image/png;base64,iVBORw==\",\"asset_id\":null,\"data\":null}],"
                + "\"numbers\":[1,2.5,3000000000],\"never\":[]},\"error\":null}"));

        RunResult result = client().workflows().run("wf1", Map.of());

        AssetRef image = result.output("image", AssetRef.class);
        assertThat(image.type()).isEqualTo("image");
        assertThat(image.mimeType()).contains("image/png");
        assertThat(image.bytes().orElseThrow()).containsExactly(0x89, 'P', 'N', 'G');
        assertThat(result.outputs().get("numbers")).containsExactly(1, 2.5, 3000000000L);
        assertThat(result.output("numbers", Long.class)).isEqualTo(3000000000L);
        assertThat(result.output("never")).isNull();
        assertThat(result.outputs().get("never")).isEmpty();
    }

    @Test
    void genCFailedRunWithHttp200ThrowsJobFailedException() {
        server.enqueue(
                json(
                        "{\"job_id\":\"job-9\",\"workflow_id\":\"wf1\",\"status\":\"failed\","
                                + "\"outputs\":{\"partial\":[\"x\"]},\"error\":\"Node boom failed: kaputt\",\"message_count\":5,\"background\":false}"));

        assertThatThrownBy(() -> client().workflows().run("wf1", Map.of()))
                .isInstanceOfSatisfying(JobFailedException.class, e -> {
                    assertThat(e.jobId()).isEqualTo("job-9");
                    assertThat(e.error()).isEqualTo("Node boom failed: kaputt");
                    assertThat(e.result().outputs().get("partial")).containsExactly("x");
                    assertThat(e.result().status()).isEqualTo(JobStatus.FAILED);
                    assertThat(e).hasMessageContaining("job-9").hasMessageContaining("kaputt");
                });
    }

    @Test
    void genCCancelledRunThrowsJobCancelledException() {
        server.enqueue(
                json(
                        "{\"job_id\":\"job-8\",\"workflow_id\":\"wf1\",\"status\":\"cancelled\",\"outputs\":{},\"error\":null}"));

        assertThatThrownBy(() -> client().workflows().run("wf1", Map.of()))
                .isInstanceOfSatisfying(
                        JobCancelledException.class, e -> assertThat(e.jobId()).isEqualTo("job-8"));
    }

    @Test
    void genAFailedRunIsA500WithDetail() {
        server.enqueue(json(500, "{\"detail\":\"Division by zero\"}"));

        assertThatThrownBy(() -> client().workflows().run("wf1", Map.of()))
                .isInstanceOfSatisfying(JobFailedException.class, e -> {
                    assertThat(e.error()).isEqualTo("Division by zero");
                    assertThat(e.jobId()).isNull();
                    assertThat(e.result().status()).isEqualTo(JobStatus.FAILED);
                    assertThat(e.getCause()).isInstanceOfSatisfying(InternalServerException.class, http -> {
                        assertThat(http.statusCode()).isEqualTo(500);
                        assertThat(http.errorMessage()).isEqualTo("Division by zero");
                    });
                });
        assertThat(server.getRequestCount()).as("runs are never retried").isEqualTo(1);
    }

    @Test
    void runA500WithoutJsonDetailStaysAnInternalServerException() throws Exception {
        server.enqueue(new mockwebserver3.MockResponse.Builder()
                .code(500)
                .addHeader("Content-Type", "text/html")
                .body("<html><title>Proxy error</title></html>")
                .build());
        server.enqueue(json(500, "{\"detail\":\"Division by zero\"}"));

        assertThatThrownBy(() -> client().workflows().run("wf1", Map.of()))
                .isInstanceOfSatisfying(
                        InternalServerException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(500));
        var future = client().workflows().runAsync("wf1", Map.of());
        assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(
                        JobFailedException.class, e -> assertThat(e.error()).isEqualTo("Division by zero"));
    }

    @ParameterizedTest
    @EnumSource(Gen.class)
    void runAsyncCompletesWithTheResult(Gen gen) throws Exception {
        server.enqueue(gen.runOk());

        RunResult result =
                client().workflows().runAsync("wf1", Map.of("text", "hello")).get(10, TimeUnit.SECONDS);

        assertThat(result.output(gen.runOutputName())).isEqualTo("hello");
    }

    @Test
    void runAsyncFailsWithTheTypedException() throws Exception {
        server.enqueue(json(404, "{\"detail\":\"Workflow not found\"}"));

        var future = client().workflows().runAsync("nope", Map.of());

        assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(NotFoundException.class);
    }

    @Test
    void baseUrlWithPathPrefixIsKept() throws Exception {
        server.enqueue(json(Gen.C.page(null)));
        server.enqueue(Gen.C.runOk());
        client = NodeToolClient.builder()
                .baseUrl(server.url("/nodetool/").toString())
                .build();

        client.workflows().list();
        client.workflows().run("wf1", null);

        assertThat(take().getUrl().encodedPath()).isEqualTo("/nodetool/api/workflows");
        RecordedRequest run = take();
        assertThat(run.getUrl().encodedPath()).isEqualTo("/nodetool/api/workflows/wf1/run");
        assertThat(body(run)).isEqualTo(M.readTree("{\"params\":{}}"));
    }

    @Test
    void genARedirectToTheTrailingSlashIsFollowedWithAuthAndBody() throws Exception {
        server.enqueue(new MockResponse.Builder()
                .code(307)
                .addHeader("Location", "/api/workflows/")
                .build());
        server.enqueue(json(Gen.A.page(null, Gen.A.workflow("w1", "a"))));
        server.enqueue(new MockResponse.Builder()
                .code(307)
                .addHeader("Location", "/api/workflows/")
                .build());
        server.enqueue(json(Gen.A.workflow("w2", "b")));
        client = NodeToolClient.builder()
                .baseUrl(server.url("/").toString())
                .apiToken("tok-123456")
                .build();

        assertThat(client.workflows().list().workflows()).hasSize(1);
        assertThat(client.workflows()
                        .create(WorkflowRequest.builder().name("b").build())
                        .id())
                .isEqualTo("w2");

        take();
        RecordedRequest followed = take();
        assertThat(followed.getUrl().encodedPath()).isEqualTo("/api/workflows/");
        assertThat(followed.getHeaders().get("Authorization")).isEqualTo("Bearer tok-123456");
        take();
        RecordedRequest post = take();
        assertThat(post.getMethod()).isEqualTo("POST");
        assertThat(post.getUrl().encodedPath()).isEqualTo("/api/workflows/");
        assertThat(body(post).get("name").asText()).isEqualTo("b");
    }
}
