package ai.nodetool.testserver.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.BothGenerations;
import ai.nodetool.testserver.junit.OneGeneration;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The SDK v1 REST routes (protocol-notes §11) against the test server, raw HTTP, both generations. */
class SdkRoutesServerTest {
    private static final List<String> SDK_GETS = List.of(
            "/api/sdk/v1/capabilities",
            "/api/sdk/v1/workflows",
            "/api/sdk/v1/workflows/greeting/interface?version=1",
            "/api/sdk/v1/node-types",
            "/api/sdk/v1/models",
            "/api/sdk/v1/model-downloads");

    @OneGeneration(Generation.LEGACY)
    void legacyAnswersEverySdkRouteWithFastApisNotFound(NodeToolTestServer server) {
        Rest rest = new Rest(server);
        for (String path : SDK_GETS) {
            HttpResponse<byte[]> r = rest.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(Rest.json(r).toString()).as(path).isEqualTo("{\"detail\":\"Not Found\"}");
        }
        for (String path : List.of(
                "/api/sdk/v1/preflight",
                "/api/sdk/v1/workflow-interfaces",
                "/api/sdk/v1/assets/temporary",
                "/api/sdk/v1/model-downloads")) {
            HttpResponse<byte[]> r = rest.postJson(path, "{}");
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(Rest.json(r).toString()).as(path).isEqualTo("{\"detail\":\"Not Found\"}");
        }
    }

    @OneGeneration(Generation.CURRENT)
    void capabilitiesDescribeTheServer(NodeToolTestServer server) {
        JsonNode c = Rest.json(new Rest(server).get("/api/sdk/v1/capabilities"));
        assertThat(c.get("protocol_version").isTextual()).isTrue();
        assertThat(c.get("protocol_version").asText()).isEqualTo("1");
        assertThat(c.get("default_encoding").asText()).isEqualTo("messagepack");
        assertThat(c.get("auth_modes").toString()).isEqualTo("[\"trusted_local\"]");
        assertThat(c.get("profiles").get("temporary_asset_upload").asText()).isEqualTo("available");
        assertThat(c.get("limits").get("max_upload_bytes").asLong())
                .isEqualTo(NodeToolTestServer.DEFAULT_MAX_UPLOAD_BYTES);
        assertThat(c.get("execution_options")
                        .get("defaults")
                        .get("asset_persistence")
                        .asText())
                .isEqualTo("temporary");
        assertThat(c.get("server_time").asText()).endsWith("Z");
    }

    @OneGeneration(value = Generation.CURRENT, token = "s3cret")
    void withATokenEveryRouteNeedsItAndCapabilitiesSayBearer(NodeToolTestServer server) {
        HttpResponse<byte[]> refused = new Rest(server).get("/api/sdk/v1/capabilities");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(Rest.json(refused).has("error")).isTrue();
        HttpResponse<byte[]> upload = new Rest(server)
                .upload("/api/sdk/v1/assets/temporary", new Object[] {"file", "a.png", "image/png", new byte[] {1}});
        assertThat(upload.statusCode()).isEqualTo(401);
        JsonNode c = Rest.json(new Rest(server).token("s3cret").get("/api/sdk/v1/capabilities"));
        assertThat(c.get("auth_modes").toString()).isEqualTo("[\"bearer\"]");
    }

    @OneGeneration(Generation.CURRENT)
    void workflowSummariesPageThroughEveryWorkflow(NodeToolTestServer server) {
        Rest rest = new Rest(server);
        List<String> ids = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            JsonNode page =
                    Rest.json(rest.get("/api/sdk/v1/workflows?limit=3" + (next == null ? "" : "&cursor=" + next)));
            for (JsonNode s : page.get("workflows")) {
                ids.add(s.get("id").asText());
                assertThat(s.get("revision").isTextual()).isTrue();
                assertThat(s.get("registry_revision").isInt()).isTrue();
                assertThat(s.get("run_mode").asText()).isEqualTo("workflow");
                assertThat(s.has("name") && s.has("description")).isTrue();
                assertThat(s.has("graph")).isFalse();
            }
            next = page.get("next").isNull() ? null : page.get("next").asText();
            pages++;
        } while (next != null && pages < 10);
        assertThat(ids)
                .contains(DemoWorkflowIds.GREETING, DemoWorkflowIds.IMAGE_INVERT, DemoWorkflowIds.AUDIO_DURATION);
        assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
        assertThat(pages).isGreaterThan(1);

        for (String bad : List.of("0", "101", "x")) {
            HttpResponse<byte[]> r = rest.get("/api/sdk/v1/workflows?limit=" + bad);
            assertThat(r.statusCode()).isEqualTo(400);
            JsonNode e = Rest.json(r);
            assertThat(e.get("code").asText()).isEqualTo("INVALID_INPUT");
            assertThat(e.get("message").asText()).isEqualTo("Invalid workflow summary query");
            assertThat(e.get("retryable").asBoolean()).isFalse();
            assertThat(e.get("detail").asText()).isEqualTo(e.get("message").asText());
        }
    }

    @OneGeneration(Generation.CURRENT)
    void batchedInterfacesReportBadIdsPerId(NodeToolTestServer server) {
        Rest rest = new Rest(server);
        JsonNode body = Rest.json(rest.postJson(
                "/api/sdk/v1/workflow-interfaces", "{\"ids\":[\"greeting\",\"nope\",\"sum\"],\"version\":1}"));
        assertThat(body.get("interfaces")).hasSize(2);
        assertThat(body.get("interfaces").get(0).get("workflow_id").asText()).isEqualTo("greeting");
        assertThat(body.get("interfaces")
                        .get(1)
                        .get("inputs")
                        .get(0)
                        .get("name")
                        .asText())
                .isEqualTo("a");
        assertThat(body.get("errors").toString())
                .isEqualTo(
                        "[{\"workflow_id\":\"nope\",\"code\":\"workflow_not_found\",\"message\":\"Workflow not found\"}]");

        for (String bad : List.of(
                "{\"ids\":[],\"version\":1}",
                "{\"ids\":[\"a\",\"a\"],\"version\":1}",
                "{\"ids\":[\"greeting\"]}",
                "{\"ids\":[\"\"],\"version\":1}",
                "not json")) {
            HttpResponse<byte[]> r = rest.postJson("/api/sdk/v1/workflow-interfaces", bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(Rest.json(r).get("message").asText()).isEqualTo("Expected 1 to 100 unique workflow ids");
        }
        HttpResponse<byte[]> notJson = rest.post(
                "/api/sdk/v1/workflow-interfaces", "text/plain", "{\"ids\":[\"sum\"],\"version\":1}".getBytes());
        assertThat(notJson.statusCode()).isEqualTo(400);
    }

    @OneGeneration(Generation.CURRENT)
    void theSingleInterfaceAnswersOnBothContractPaths(NodeToolTestServer server) {
        Rest rest = new Rest(server);
        for (String prefix : List.of("/api/workflows/", "/api/sdk/v1/workflows/")) {
            JsonNode iface = Rest.json(rest.get(prefix + DemoWorkflowIds.IMAGE_INVERT + "/interface?version=1"));
            assertThat(iface.get("version").asInt()).isEqualTo(1);
            assertThat(iface.get("inputs").get(0).get("type").asText()).isEqualTo("image");
            assertThat(iface.get("outputs").get(0).get("name").asText()).isEqualTo("image");

            HttpResponse<byte[]> missingVersion = rest.get(prefix + "greeting/interface");
            assertThat(missingVersion.statusCode()).isEqualTo(400);
            assertThat(Rest.json(missingVersion).get("code").asText())
                    .isEqualTo("UNSUPPORTED_WORKFLOW_INTERFACE_VERSION");
            assertThat(Rest.json(missingVersion).get("message").asText())
                    .isEqualTo("Workflow interface version 1 is required");
            HttpResponse<byte[]> missing = rest.get(prefix + "nope/interface?version=1");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(Rest.json(missing).get("code").asText()).isEqualTo("WORKFLOW_NOT_FOUND");
        }
    }

    @OneGeneration(Generation.CURRENT)
    void nodeTypesPageByIntegerCursor(NodeToolTestServer server) {
        Rest rest = new Rest(server);
        Set<String> types = new HashSet<>();
        int cursor = 0;
        int typeCount = -1;
        for (int guard = 0; guard < 20; guard++) {
            JsonNode page = Rest.json(rest.get("/api/sdk/v1/node-types?limit=2&cursor=" + cursor));
            assertThat(page.get("version").asInt()).isEqualTo(1);
            assertThat(page.get("cursor").asInt()).isEqualTo(cursor);
            typeCount = page.get("type_count").asInt();
            for (JsonNode t : page.get("types")) {
                assertThat(types.add(t.get("type").asText())).isTrue();
                assertThat(t.get("node_count").asInt()).isPositive();
                assertThat(t.get("examples").size()).isPositive();
                assertThat(t.has("type_args") && t.has("optional") && t.has("signature"))
                        .isTrue();
            }
            if (page.get("next_cursor").isNull()) {
                break;
            }
            cursor = page.get("next_cursor").asInt();
        }
        assertThat(types).hasSize(typeCount).contains("str", "image", "audio", "float");
        for (String bad : List.of("cursor=-1", "limit=0", "limit=101", "cursor=x")) {
            HttpResponse<byte[]> r = rest.get("/api/sdk/v1/node-types?" + bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(Rest.json(r).get("message").asText()).isEqualTo("cursor must be >= 0 and limit 1..100");
        }
    }

    @OneGeneration(Generation.CURRENT)
    void nodeMetadataListsEveryRunnableNodeType(NodeToolTestServer server) {
        JsonNode all = Rest.json(new Rest(server).get("/api/nodes/metadata?fields=full"));
        assertThat(all.isArray()).isTrue();
        List<String> types = new ArrayList<>();
        all.forEach(n -> types.add(n.get("node_type").asText()));
        assertThat(types).contains("nodetool.image.Invert", "nodetool.audio.Duration", "nodetool.input.ImageInput");
        assertThat(all.get(0).has("properties")
                        && all.get(0).has("outputs")
                        && all.get(0).has("namespace"))
                .isTrue();
    }

    @OneGeneration(Generation.CURRENT)
    void modelsAreAnEmptyCatalog(NodeToolTestServer server) {
        Rest rest = new Rest(server);
        JsonNode models = Rest.json(rest.get("/api/sdk/v1/models"));
        assertThat(models.get("version").asText()).isEqualTo("1");
        assertThat(models.get("entries")).isEmpty();
        HttpResponse<byte[]> worker = rest.get("/api/sdk/v1/models?scope=worker");
        assertThat(worker.statusCode()).isEqualTo(501);
        assertThat(Rest.json(worker).get("code").asText()).isEqualTo("MODEL_SCOPE_UNAVAILABLE");
        assertThat(Rest.json(rest.get("/api/sdk/v1/model-downloads")).get("downloads"))
                .isEmpty();
        HttpResponse<byte[]> start = rest.postJson(
                "/api/sdk/v1/model-downloads", "{\"repo_id\":\"org/model\",\"model_type\":\"hf.text_generation\"}");
        assertThat(start.statusCode()).isEqualTo(202);
        assertThat(Rest.json(start).get("status").asText()).isEqualTo("error");
        assertThat(rest.postJson("/api/sdk/v1/model-downloads/cancel", "{\"operation_id\":\"x\"}")
                        .statusCode())
                .isEqualTo(404);
    }

    @OneGeneration(Generation.CURRENT)
    void jobsAndAssetReadsAreNotRestRoutesOnTheCurrentGeneration(NodeToolTestServer server) {
        Rest rest = new Rest(server);
        for (String path : List.of("/api/jobs", "/api/jobs/abc", "/api/assets/abc")) {
            HttpResponse<byte[]> r = rest.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(Rest.json(r).toString()).isEqualTo("{\"detail\":\"Not found\"}");
        }
    }

    @BothGenerations
    void theDemoWorkflowsIncludeTheMediaOnes(NodeToolTestServer server, Generation generation) {
        JsonNode list =
                Rest.json(new Rest(server).get(generation == Generation.LEGACY ? "/api/workflows/" : "/api/workflows"));
        List<String> ids = new ArrayList<>();
        list.get("workflows").forEach(w -> ids.add(w.get("id").asText()));
        assertThat(ids).contains(DemoWorkflowIds.IMAGE_INVERT, DemoWorkflowIds.AUDIO_DURATION);
    }
}
