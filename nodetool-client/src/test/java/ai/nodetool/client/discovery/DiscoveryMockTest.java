package ai.nodetool.client.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.BadRequestException;
import ai.nodetool.client.errors.InternalServerException;
import ai.nodetool.client.errors.NodeToolHttpException;
import ai.nodetool.client.errors.NotFoundException;
import ai.nodetool.client.errors.UnsupportedByServerException;
import ai.nodetool.client.workflows.WorkflowInterface;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Discovery, preflight and job records against the exact shapes of protocol-notes §11.3–§11.10 (P0 and P8). */
class DiscoveryMockTest {
    private static final ObjectMapper M = new ObjectMapper();
    static final String CAPABILITIES = "{\"protocol_version\":\"1\",\"nodetool_version\":\"0.8.1\","
            + "\"server_time\":\"2026-08-25T10:00:00.000Z\",\"supported_encodings\":[\"messagepack\",\"json-text\"],"
            + "\"default_encoding\":\"messagepack\",\"profiles\":{\"discovery\":\"available\",\"execution\":\"available\","
            + "\"preflight\":\"available\",\"model_catalog\":\"available\",\"model_download\":\"available\","
            + "\"temporary_asset_upload\":\"available\"},\"registry_revision\":3,\"python_bridge\":\"starting\","
            + "\"auth_modes\":[\"trusted_local\"],\"asset_uri_schemes\":[\"asset\"],\"limits\":{\"max_rpc_batch\":100,"
            + "\"max_inline_bytes\":0,\"max_upload_bytes\":104857600,\"max_queued_jobs\":0,\"max_job_event_replay\":0,"
            + "\"request_timeout_seconds\":30}}";
    static final String INTERFACE = "{\"version\":1,\"workflow_id\":\"wf1\",\"etag\":\"e77c\",\"source\":\"server\","
            + "\"inputs\":[{\"node_id\":\"n1\",\"name\":\"prompt\",\"description\":\"\",\"type\":{\"type\":\"str\","
            + "\"optional\":false,\"type_args\":[],\"type_name\":null},\"required\":true,\"default\":null}],"
            + "\"outputs\":[{\"node_id\":\"n2\",\"name\":\"result\",\"description\":\"\",\"type\":{\"type\":\"str\","
            + "\"optional\":false,\"type_args\":[],\"type_name\":null},\"stream\":false}],\"diagnostics\":[]}";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private NodeToolClient client;

    private NodeToolClient client() {
        if (client == null) {
            client = NodeToolClient.builder()
                    .baseUrl(server.url("/").toString())
                    .apiToken(null)
                    .maxRetries(0)
                    .build();
        }
        return client;
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    private void answer(int code, String json) {
        server.enqueue(new MockResponse.Builder()
                .code(code)
                .addHeader("Content-Type", "application/json")
                .body(json)
                .build());
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(10, TimeUnit.SECONDS);
        assertThat(r).as("request reached the server").isNotNull();
        return r;
    }

    @Test
    void capabilitiesAreTypedAndAskedOnce() throws Exception {
        answer(200, CAPABILITIES);

        Capabilities caps = client().capabilities();
        Capabilities again = client().discovery().capabilities();

        assertThat(caps.protocolVersion()).contains("1");
        assertThat(caps.nodetoolVersion()).contains("0.8.1");
        assertThat(caps.isAvailable(Capabilities.TEMPORARY_ASSET_UPLOAD)).isTrue();
        assertThat(caps.supportedEncodings()).containsExactly("messagepack", "json-text");
        assertThat(caps.authModes()).containsExactly("trusted_local");
        assertThat(caps.maxUploadBytes()).contains(104857600L);
        assertThat(caps.maxInlineBytes()).contains(0L);
        assertThat(caps.registryRevision()).contains(3L);
        assertThat(caps.executionOptions()).isEmpty();
        assertThat(again.raw()).isEqualTo(caps.raw());
        assertThat(take().getUrl().encodedPath()).isEqualTo("/api/sdk/v1/capabilities");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void everyDiscoveryCallOnALegacyServerIsUnsupportedNamingTheGeneration() {
        for (int i = 0; i < 6; i++) {
            answer(404, "{\"detail\":\"Not Found\"}");
        }
        DiscoveryService d = client().discovery();
        for (Runnable call : new Runnable[] {
            d::capabilities,
            d::workflowSummaries,
            () -> d.interfacesOf("wf1"),
            () -> d.nodeTypes(null, null),
            () -> d.preflight(PreflightRequest.builder("wf1").build()),
        }) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(UnsupportedByServerException.class, e -> {
                assertThat(e.serverGeneration()).isEqualTo("legacy (Gen A/B)");
                assertThat(e.feature()).contains("/api/sdk/v1/");
                assertThat(e.getCause()).isInstanceOf(NotFoundException.class);
            });
        }
    }

    @Test
    void summariesPageWithLimitAndCursor() throws Exception {
        answer(
                200,
                "{\"workflows\":[{\"id\":\"wf1\",\"name\":\"One\",\"description\":\"\",\"revision\":"
                        + "\"2026-08-25T10:00:00.000Z\",\"registry_revision\":3,\"run_mode\":\"workflow\"}],\"next\":\"c2\"}");
        answer(
                200,
                "{\"workflows\":[{\"id\":\"wf2\",\"name\":\"Two\",\"description\":\"d\",\"revision\":null,"
                        + "\"registry_revision\":null,\"run_mode\":null}],\"next\":null}");

        WorkflowSummaryPage first = client().discovery().workflowSummaries(1, null);
        WorkflowSummaryPage second =
                client().discovery().workflowSummaries(1, first.nextCursor().orElseThrow());

        assertThat(first.workflows()).extracting(WorkflowSummary::id).containsExactly("wf1");
        assertThat(first.workflows().get(0).registryRevision()).isEqualTo(3L);
        assertThat(first.hasNext()).isTrue();
        assertThat(second.workflows().get(0).name()).isEqualTo("Two");
        assertThat(second.hasNext()).isFalse();
        RecordedRequest r1 = take();
        assertThat(r1.getUrl().encodedPath()).isEqualTo("/api/sdk/v1/workflows");
        assertThat(r1.getUrl().queryParameter("limit")).isEqualTo("1");
        assertThat(r1.getUrl().queryParameter("cursor")).isNull();
        assertThat(take().getUrl().queryParameter("cursor")).isEqualTo("c2");
    }

    @Test
    void aBadLimitIsABadRequestWithItsCode() {
        answer(400, "{\"code\":\"INVALID_INPUT\",\"message\":\"Invalid workflow summary query\",\"retryable\":false}");
        assertThatThrownBy(() -> client().discovery().workflowSummaries(500, null))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.errorCode()).contains("INVALID_INPUT");
                    assertThat(e.retryable()).contains(false);
                    assertThat(e.errorMessage()).isEqualTo("Invalid workflow summary query");
                });
    }

    @Test
    void internalErrorsSayTheyAreRetryableAndP0DetailIsRead() {
        answer(
                500,
                "{\"code\":\"INTERNAL_ERROR\",\"message\":\"Internal server error\",\"retryable\":true,"
                        + "\"detail\":\"Internal server error\"}");
        assertThatThrownBy(() -> client().discovery().nodeTypes(0L, 10))
                .isInstanceOfSatisfying(InternalServerException.class, e -> {
                    assertThat(e.errorCode()).contains("INTERNAL_ERROR");
                    assertThat(e.retryable()).contains(true);
                });
    }

    @Test
    void batchedInterfacesKeepPerIdErrors() throws Exception {
        answer(
                200,
                "{\"interfaces\":[" + INTERFACE + "],\"errors\":[{\"workflow_id\":\"nope\",\"code\":"
                        + "\"workflow_not_found\",\"message\":\"Workflow not found\"}]}");

        InterfaceBatch batch = client().discovery().interfacesOf("wf1", "nope", "wf1");

        assertThat(batch.interfaceOf("wf1").orElseThrow().inputs()).hasSize(1);
        assertThat(batch.errorOf("nope"))
                .get()
                .extracting(InterfaceBatch.Error::code)
                .isEqualTo("workflow_not_found");
        assertThat(batch.interfaceOf("nope")).isEmpty();
        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/api/sdk/v1/workflow-interfaces");
        assertThat(M.readTree(r.getBody().utf8())).isEqualTo(M.readTree("{\"ids\":[\"wf1\",\"nope\"],\"version\":1}"));
    }

    @Test
    void singleInterfaceUsesTheP8PathAndFallsBackToP0() throws Exception {
        answer(404, "{\"detail\":\"Not found\"}");
        answer(200, INTERFACE);
        answer(200, INTERFACE);

        WorkflowInterface p0 = client().discovery().interfaceOf("wf1");
        WorkflowInterface p8 = client().discovery().interfaceOf("wf1");

        assertThat(p0.workflowId()).isEqualTo("wf1");
        assertThat(p8.outputs()).extracting(WorkflowInterface.Output::name).containsExactly("result");
        assertThat(take().getUrl().encodedPath()).isEqualTo("/api/sdk/v1/workflows/wf1/interface");
        RecordedRequest fallback = take();
        assertThat(fallback.getUrl().encodedPath()).isEqualTo("/api/workflows/wf1/interface");
        assertThat(fallback.getUrl().queryParameter("version")).isEqualTo("1");
    }

    @Test
    void anUnknownWorkflowIsNotFoundNotUnsupported() {
        answer(404, "{\"code\":\"WORKFLOW_NOT_FOUND\",\"message\":\"Workflow not found\",\"retryable\":false}");
        assertThatThrownBy(() -> client().discovery().interfaceOf("gone"))
                .isExactlyInstanceOf(NotFoundException.class)
                .satisfies(
                        e -> assertThat(((NodeToolHttpException) e).errorCode()).contains("WORKFLOW_NOT_FOUND"));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void nodeTypesPageByCursor() throws Exception {
        answer(
                200,
                "{\"version\":1,\"registry_ready\":true,\"python_bridge_ready\":false,\"registry_revision\":3,"
                        + "\"cursor\":0,\"next_cursor\":2,\"node_count\":40,\"type_count\":3,\"provenance_counts\":{},"
                        + "\"types\":[{\"type\":\"str\",\"type_args\":[],\"type_name\":null,\"optional\":false,\"values\":null,"
                        + "\"values_truncated\":false,\"signature\":\"str\",\"node_count\":30,\"input_uses\":5,\"output_uses\":7,"
                        + "\"sources\":[],\"examples\":[{\"node_type\":\"nodetool.input.StringInput\",\"pin\":\"value\","
                        + "\"direction\":\"input\"}]},{\"type\":\"image\",\"type_args\":[],\"type_name\":null,\"optional\":true,"
                        + "\"node_count\":4}],\"unavailable_packs\":[]}");
        answer(
                200,
                "{\"version\":1,\"cursor\":2,\"next_cursor\":null,\"type_count\":3,\"types\":[{\"type\":\"int\"}]}");

        NodeTypePage first = client().discovery().nodeTypes(null, 2);
        NodeTypePage last = client().discovery().nodeTypes(first.nextCursor(), 2);

        assertThat(first.types()).extracting(NodeTypePage.NodeType::type).containsExactly("str", "image");
        assertThat(first.types().get(1).optional()).isTrue();
        assertThat(first.typeCount()).isEqualTo(3L);
        assertThat(first.registryReady()).isTrue();
        assertThat(first.hasNext()).isTrue();
        assertThat(last.hasNext()).isFalse();
        assertThat(take().getUrl().queryParameter("cursor")).isNull();
        RecordedRequest second = take();
        assertThat(second.getUrl().encodedPath()).isEqualTo("/api/sdk/v1/node-types");
        assertThat(second.getUrl().queryParameter("cursor")).isEqualTo("2");
        assertThat(second.getUrl().queryParameter("limit")).isEqualTo("2");
    }

    @Test
    void preflightSendsTheRequiredNullKeysAndTheRunnerTarget() throws Exception {
        answer(
                200,
                "{\"version\":1,\"level\":\"execution\",\"workflow_id\":\"wf1\",\"workflow_etag\":\"e77c\","
                        + "\"runnable\":false,\"issues\":[{\"severity\":\"error\",\"code\":\"missing_input\",\"message\":"
                        + "\"Input prompt is required\"}],\"requirements\":[{\"kind\":\"worker\",\"id\":\"r-1\",\"name\":"
                        + "\"Live runner\",\"status\":\"available\",\"blocking\":true,\"message\":null},{\"kind\":\"worker\","
                        + "\"id\":\"execution-capacity\",\"name\":\"Execution capacity\",\"status\":\"available\",\"blocking\":"
                        + "false,\"details\":{\"in_flight_jobs\":0,\"max_concurrent_jobs\":4,\"likely_queued\":false}}],"
                        + "\"cost\":{\"amount\":0,\"currency\":\"USD\",\"confidence\":\"estimate\",\"unknown_cost_nodes\":[],"
                        + "\"approval_required\":false}}");

        PreflightResult result = client().discovery()
                .preflight(PreflightRequest.builder("wf1")
                        .level(PreflightRequest.Level.EXECUTION)
                        .inputs(Map.of("count", 3))
                        .runner("r-1")
                        .build());

        assertThat(result.runnable()).isFalse();
        assertThat(result.workflowEtag()).isEqualTo("e77c");
        assertThat(result.issues()).extracting(PreflightResult.Issue::code).containsExactly("missing_input");
        assertThat(result.requirements())
                .extracting(PreflightResult.Requirement::id)
                .containsExactly("r-1", "execution-capacity");
        assertThat(result.requirements().get(0).blocking()).isTrue();
        RecordedRequest r = take();
        assertThat(r.getUrl().encodedPath()).isEqualTo("/api/sdk/v1/preflight");
        assertThat(r.getHeaders().get("Content-Type")).startsWith("application/json");
        JsonNode sent = M.readTree(r.getBody().utf8());
        assertThat(sent)
                .isEqualTo(M.readTree("{\"workflow_id\":\"wf1\",\"workspace_id\":null,\"workflow_etag\":null,"
                        + "\"interface_version\":1,\"level\":\"execution\",\"inputs\":{\"count\":3},"
                        + "\"execution_target\":{\"kind\":\"runner\",\"runner_id\":\"r-1\"}}"));
    }

    @Test
    void preflightOfAMissingWorkflowIsNotFoundWithItsCode() {
        answer(404, "{\"code\":\"WORKFLOW_NOT_FOUND\",\"message\":\"Workflow not found.\",\"retryable\":false}");
        assertThatThrownBy(() -> client().discovery()
                        .preflight(PreflightRequest.builder("gone").build()))
                .isInstanceOfSatisfying(
                        NotFoundException.class, e -> assertThat(e.errorCode()).contains("WORKFLOW_NOT_FOUND"));
    }

    @Test
    void jobRecordsReadBothLegacyListShapes() throws Exception {
        answer(
                200,
                "[{\"id\":\"j1\",\"user_id\":\"1\",\"job_type\":\"workflow\",\"status\":\"completed\","
                        + "\"workflow_id\":\"wf1\",\"started_at\":\"2025-10-01T10:00:00\",\"finished_at\":null,\"error\":null,"
                        + "\"cost\":null}]");
        answer(200, "{\"jobs\":[{\"id\":\"j2\",\"status\":\"failed\",\"error\":\"boom\"}],\"next_start_key\":\"k2\"}");
        answer(200, "{\"id\":\"j2\",\"status\":\"failed\",\"workflow_id\":\"wf1\",\"error\":\"boom\"}");
        answer(404, "{\"detail\":\"Job not found\"}");

        JobRecordPage bare = client().jobs().list();
        JobRecordPage paged = client().jobs().list("k1");
        JobRecord one = client().jobs().get("j2");

        assertThat(bare.jobs()).extracting(JobRecord::id).containsExactly("j1");
        assertThat(bare.hasNext()).isFalse();
        assertThat(paged.jobs().get(0).error()).isEqualTo("boom");
        assertThat(paged.nextStartKey()).isEqualTo("k2");
        assertThat(one.status()).isEqualTo("failed");
        assertThatThrownBy(() -> client().jobs().get("gone")).isExactlyInstanceOf(NotFoundException.class);
        assertThat(take().getUrl().encodedPath()).isEqualTo("/api/jobs");
        assertThat(take().getUrl().queryParameter("start_key")).isEqualTo("k1");
        assertThat(take().getUrl().encodedPath()).isEqualTo("/api/jobs/j2");
    }

    @Test
    void jobRecordsOnACurrentServerAreUnsupported() {
        answer(404, "{\"detail\":\"Not found\"}");
        assertThatThrownBy(() -> client().jobs().list())
                .isInstanceOfSatisfying(
                        UnsupportedByServerException.class,
                        e -> assertThat(e.serverGeneration()).isEqualTo("current (Gen C)"));
    }

    @Test
    void aP8WrongRouteIsUnsupported() {
        answer(404, "{\"code\":\"NOT_FOUND\",\"message\":\"SDK endpoint not found\",\"retryable\":false}");
        assertThatThrownBy(() -> client().discovery().nodeTypes(null, null))
                .isInstanceOf(UnsupportedByServerException.class);
    }
}
