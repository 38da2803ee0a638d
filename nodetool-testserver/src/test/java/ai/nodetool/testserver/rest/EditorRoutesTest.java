package ai.nodetool.testserver.rest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.BothGenerations;
import ai.nodetool.testserver.junit.OneGeneration;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** The Editor API's workflow routes (protocol-notes §4.1–§4.5), per generation. */
class EditorRoutesTest {
    private static final String ECHO =
            "{\"name\":\"Echo\",\"description\":\"demo\",\"tags\":[\"t\"],\"graph\":{\"nodes\":["
                    + "{\"id\":\"in1\",\"type\":\"nodetool.input.StringInput\",\"data\":{\"name\":\"text\",\"value\":\"hi\"}},"
                    + "{\"id\":\"out1\",\"type\":\"nodetool.output.Output\",\"data\":{\"name\":\"result\",\"value\":\"stale\"}}],"
                    + "\"edges\":[{\"id\":\"e1\",\"source\":\"in1\",\"sourceHandle\":\"output\",\"target\":\"out1\",\"targetHandle\":\"value\"}]}}";

    /** Gen A's list/create route has the trailing slash (protocol-notes §4.4). */
    private static String root(Generation generation) {
        return generation == Generation.LEGACY ? "/api/workflows/" : "/api/workflows";
    }

    @BothGenerations
    void listsPageByPageWithOpaqueCursors(NodeToolTestServer server, Generation generation) {
        Http http = new Http(server);
        List<String> ids = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            HttpResponse<String> response =
                    http.get(root(generation) + "?limit=4" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode page = Http.json(response);
            assertThat(page.has("next")).isTrue();
            assertThat(page.get("workflows").size()).isLessThanOrEqualTo(4);
            page.get("workflows").forEach(w -> ids.add(w.get("id").asText()));
            cursor = page.get("next").isNull() ? null : page.get("next").asText();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(2);
        assertThat(ids)
                .containsExactly(
                        "greeting", "sum", "image", "slow", "text-stream", "fail", "image-invert", "audio-duration");
    }

    @OneGeneration(Generation.LEGACY)
    void legacyWorkflowsCarryInputAndOutputSchemas(NodeToolTestServer server) {
        JsonNode w = Http.json(new Http(server).get("/api/workflows/sum"));
        assertThat(w.get("input_schema").toString())
                .isEqualTo("{\"type\":\"object\",\"properties\":{"
                        + "\"a\":{\"type\":\"integer\",\"minimum\":-1000,\"maximum\":1000,\"default\":2,\"label\":\"A\"},"
                        + "\"b\":{\"type\":\"integer\",\"minimum\":-1000,\"maximum\":1000,\"default\":3,\"label\":\"B\"}},"
                        + "\"required\":[\"a\",\"b\"]}");
        assertThat(w.get("output_schema").toString())
                .isEqualTo(
                        "{\"type\":\"object\",\"properties\":{\"sum\":{\"type\":\"any\",\"label\":\"\"}},\"required\":[\"sum\"]}");
        assertThat(w.get("created_at").asText()).isEqualTo("2026-01-15T09:30:00.000000");
        assertThat(w.has("etag")).isFalse();
        assertThat(w.has("html_app")).isFalse();
    }

    @OneGeneration(Generation.CURRENT)
    void currentWorkflowsHaveNullSchemasAndAnEtag(NodeToolTestServer server) {
        JsonNode w = Http.json(new Http(server).get("/api/workflows/sum"));
        assertThat(w.get("input_schema").isNull()).isTrue();
        assertThat(w.get("output_schema").isNull()).isTrue();
        assertThat(w.get("etag").asText()).isNotEmpty();
        assertThat(w.get("created_at").asText()).isEqualTo("2026-01-15T09:30:00.000Z");
        assertThat(w.has("html_app")).isTrue();
        assertThat(w.has("app_doc")).isTrue();
    }

    @OneGeneration(Generation.LEGACY)
    void legacySlashlessRoutesRedirectLikeFastApi(NodeToolTestServer server) {
        Http http = new Http(server);
        HttpResponse<String> list = http.get("/api/workflows?limit=2");
        assertThat(list.statusCode()).isEqualTo(307);
        assertThat(list.headers().firstValue("Location")).hasValue(server.baseUrl() + "/api/workflows/?limit=2");
        assertThat(list.body()).isEmpty();
        assertThat(http.post("/api/workflows", ECHO).statusCode()).isEqualTo(307);
        HttpResponse<String> one = http.get("/api/workflows/greeting/");
        assertThat(one.statusCode()).isEqualTo(307);
        assertThat(one.headers().firstValue("Location")).hasValue(server.baseUrl() + "/api/workflows/greeting");
    }

    @OneGeneration(Generation.CURRENT)
    void currentMatchesWithOrWithoutTrailingSlash(NodeToolTestServer server) {
        Http http = new Http(server);
        assertThat(http.get("/api/workflows/").statusCode()).isEqualTo(200);
        assertThat(Http.json(http.get("/api/workflows/greeting/")).get("id").asText())
                .isEqualTo("greeting");
    }

    @BothGenerations
    void createsReadsUpdatesAndDeletes(NodeToolTestServer server, Generation generation) {
        Http http = new Http(server);
        HttpResponse<String> created = http.post(root(generation), ECHO);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        JsonNode w = Http.json(created);
        String id = w.get("id").asText();
        assertThat(id).matches("[0-9a-f]{32}");
        assertThat(w.get("name").asText()).isEqualTo("Echo");
        assertThat(w.get("access").asText()).isEqualTo("private");
        assertThat(w.get("description").asText()).isEqualTo("demo");
        assertThat(w.get("graph").get("nodes").size()).isEqualTo(2);

        assertThat(Http.json(http.get("/api/workflows/" + id))).isEqualTo(w);

        HttpResponse<String> updated = http.put("/api/workflows/" + id, ECHO.replace("\"Echo\"", "\"Echo 2\""));
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(Http.json(updated).get("name").asText()).isEqualTo("Echo 2");
        assertThat(Http.json(updated).get("created_at")).isEqualTo(w.get("created_at"));
        assertThat(Http.json(updated).get("updated_at")).isNotEqualTo(w.get("updated_at"));

        HttpResponse<String> deleted = http.delete("/api/workflows/" + id);
        if (generation == Generation.LEGACY) {
            assertThat(deleted.statusCode()).isEqualTo(200);
            assertThat(deleted.body()).isEqualTo("null");
        } else {
            assertThat(deleted.statusCode()).isEqualTo(204);
            assertThat(deleted.body()).isEmpty();
        }
        HttpResponse<String> gone = http.get("/api/workflows/" + id);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.body()).isEqualTo("{\"detail\":\"Workflow not found\"}");
        assertThat(http.delete("/api/workflows/" + id).body()).isEqualTo("{\"detail\":\"Workflow not found\"}");
    }

    @BothGenerations
    void putUpsertsAnUnknownId(NodeToolTestServer server) {
        Http http = new Http(server);
        HttpResponse<String> put = http.put("/api/workflows/my-echo", ECHO);
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(Http.json(put).get("id").asText()).isEqualTo("my-echo");
        assertThat(Http.json(http.get("/api/workflows/my-echo")).get("name").asText())
                .isEqualTo("Echo");
    }

    @OneGeneration(Generation.LEGACY)
    void legacyCreateRemovesSlotsFedByEdges(NodeToolTestServer server) {
        JsonNode out1 = Http.json(new Http(server).post("/api/workflows/", ECHO))
                .get("graph")
                .get("nodes")
                .get(1);
        assertThat(out1.get("data").toString()).isEqualTo("{\"name\":\"result\"}");
    }

    @OneGeneration(Generation.CURRENT)
    void currentHonoursExpectedUpdatedAt(NodeToolTestServer server) {
        Http http = new Http(server);
        String id = Http.json(http.post("/api/workflows", ECHO)).get("id").asText();
        String read =
                Http.json(http.get("/api/workflows/" + id)).get("updated_at").asText();
        String withExpected = ECHO.replace("{\"name\"", "{\"expected_updated_at\":\"" + read + "\",\"name\"");

        HttpResponse<String> first = http.put("/api/workflows/" + id, withExpected);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(Http.json(first).get("updated_at").asText()).isNotEqualTo(read);

        HttpResponse<String> stale = http.put("/api/workflows/" + id, withExpected);
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.body())
                .isEqualTo("{\"detail\":\"Workflow was modified since last read (optimistic concurrency conflict)\"}");

        HttpResponse<String> missing = http.put("/api/workflows/nope", withExpected);
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    @OneGeneration(Generation.CURRENT)
    void currentUpdateChangesOptionalColumnsOnlyWhenSent(NodeToolTestServer server) {
        Http http = new Http(server);
        String id = Http.json(http.post("/api/workflows", ECHO)).get("id").asText();
        String bare = "{\"name\":\"Echo\",\"graph\":{\"nodes\":[],\"edges\":[]}}";
        JsonNode kept = Http.json(http.put("/api/workflows/" + id, bare));
        assertThat(kept.get("description").asText()).isEqualTo("demo");
        assertThat(kept.get("tags").toString()).isEqualTo("[\"t\"]");
        JsonNode cleared = Http.json(
                http.put("/api/workflows/" + id, bare.replace("{\"name\"", "{\"description\":null,\"name\"")));
        assertThat(cleared.get("description").isNull()).isTrue();
    }

    @BothGenerations
    void publicRoutesShowOnlyPublicWorkflows(NodeToolTestServer server, Generation generation) {
        Http http = new Http(server);
        String privateId =
                Http.json(http.post(root(generation), ECHO)).get("id").asText();
        JsonNode list = Http.json(http.get("/api/workflows/public"));
        assertThat(list.get("next").isNull()).isTrue();
        List<String> ids = new ArrayList<>();
        list.get("workflows").forEach(w -> ids.add(w.get("id").asText()));
        assertThat(ids).contains("greeting").doesNotContain(privateId);
        assertThat(http.get("/api/workflows/public/greeting").statusCode()).isEqualTo(200);
        HttpResponse<String> hidden = http.get("/api/workflows/public/" + privateId);
        assertThat(hidden.statusCode()).isEqualTo(404);
        assertThat(hidden.body()).isEqualTo("{\"detail\":\"Workflow not found\"}");
    }

    @BothGenerations
    void examplesAreMetadataOnlyAndSearchable(NodeToolTestServer server) {
        Http http = new Http(server);
        JsonNode examples = Http.json(http.get("/api/workflows/examples"));
        assertThat(examples.get("workflows").size()).isEqualTo(8);
        examples.get("workflows")
                .forEach(w -> assertThat(w.get("graph").toString()).isEqualTo("{\"nodes\":[],\"edges\":[]}"));

        JsonNode hits = Http.json(http.get("/api/workflows/examples/search?query=STREAM"));
        assertThat(hits.get("workflows").size()).isEqualTo(1);
        assertThat(hits.get("workflows").get(0).get("name").asText()).isEqualTo("Text Stream");
        assertThat(Http.json(http.get("/api/workflows/examples/search?query=demo"))
                        .get("workflows")
                        .size())
                .isEqualTo(8);

        JsonNode one = Http.json(http.get("/api/workflows/examples/nodetool-testserver/Greeting"));
        assertThat(one.get("graph").get("nodes").size()).isEqualTo(3);
        HttpResponse<String> missing = http.get("/api/workflows/examples/other/Greeting");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("{\"detail\":\"Example 'Greeting' not found in package 'other'\"}");
    }

    @BothGenerations
    void toolsListsToolModeWorkflows(NodeToolTestServer server) {
        server.registerWorkflow("{\"id\":\"t1\",\"name\":\"Tool\",\"tool_name\":\"do_it\",\"description\":\"Does it\","
                + "\"run_mode\":\"tool\",\"graph\":{\"nodes\":[],\"edges\":[]}}");
        JsonNode tools = Http.json(new Http(server).get("/api/workflows/tools"));
        assertThat(tools.get("workflows").toString())
                .isEqualTo("[{\"name\":\"Tool\",\"tool_name\":\"do_it\",\"description\":\"Does it\"}]");
        assertThat(tools.get("next").isNull()).isTrue();
    }

    @BothGenerations
    void currentNamesMapsIdsToNames(NodeToolTestServer server, Generation generation) {
        if (generation == Generation.CURRENT) {
            JsonNode names = Http.json(new Http(server).get("/api/workflows/names"));
            assertThat(names.get("greeting").asText()).isEqualTo("Greeting");
            assertThat(names.size()).isEqualTo(8);
        } else {
            // Gen A has no /names: the path is read as a workflow id.
            assertThat(new Http(server).get("/api/workflows/names").body())
                    .isEqualTo("{\"detail\":\"Workflow not found\"}");
        }
    }

    @OneGeneration(Generation.CURRENT)
    void currentInterfaceDescribesInputsAndOutputs(NodeToolTestServer server) {
        Http http = new Http(server);
        JsonNode iface = Http.json(http.get("/api/workflows/greeting/interface?version=1"));
        assertThat(iface.get("version").asInt()).isEqualTo(1);
        assertThat(iface.get("workflow_id").asText()).isEqualTo("greeting");
        assertThat(iface.get("etag").asText())
                .isEqualTo(Http.json(http.get("/api/workflows/greeting"))
                        .get("etag")
                        .asText());
        assertThat(iface.get("inputs").get(0).get("name").asText()).isEqualTo("name");
        assertThat(iface.get("outputs").get(0).get("name").asText()).isEqualTo("greeting");

        HttpResponse<String> v2 = http.get("/api/workflows/greeting/interface?version=2");
        assertThat(v2.statusCode()).isEqualTo(400);
        assertThat(Http.json(v2).get("code").asText()).isEqualTo("UNSUPPORTED_WORKFLOW_INTERFACE_VERSION");
        assertThat(Http.json(v2).get("retryable").asBoolean()).isFalse();
        HttpResponse<String> missing = http.get("/api/workflows/nope/interface?version=1");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(Http.json(missing).get("code").asText()).isEqualTo("WORKFLOW_NOT_FOUND");
    }

    @OneGeneration(Generation.LEGACY)
    void legacyBadInputGetsFastApiErrors(NodeToolTestServer server) {
        Http http = new Http(server);
        HttpResponse<String> malformed = http.post("/api/workflows/", "{bad");
        assertThat(malformed.statusCode()).isEqualTo(422);
        JsonNode error = Http.json(malformed).get("detail").get(0);
        assertThat(error.get("type").asText()).isEqualTo("json_invalid");
        assertThat(error.get("loc").get(0).asText()).isEqualTo("body");
        assertThat(error.get("msg").asText()).isEqualTo("JSON decode error");

        HttpResponse<String> noName = http.post("/api/workflows/", "{\"graph\":{\"nodes\":[],\"edges\":[]}}");
        assertThat(noName.statusCode()).isEqualTo(422);
        assertThat(Http.json(noName).get("detail").get(0).get("loc").toString()).isEqualTo("[\"body\",\"name\"]");
        assertThat(Http.json(noName).get("detail").get(0).get("msg").asText()).isEqualTo("Field required");

        HttpResponse<String> noGraph = http.post("/api/workflows/", "{\"name\":\"x\"}");
        assertThat(noGraph.statusCode()).isEqualTo(400);
        assertThat(noGraph.body()).isEqualTo("{\"detail\":\"Invalid workflow\"}");

        HttpResponse<String> badLimit = http.get("/api/workflows/?limit=many");
        assertThat(badLimit.statusCode()).isEqualTo(422);
        assertThat(Http.json(badLimit).get("detail").get(0).get("loc").toString())
                .isEqualTo("[\"query\",\"limit\"]");

        HttpResponse<String> unknown = http.get("/api/nothing");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"detail\":\"Not Found\"}");

        HttpResponse<String> wrongMethod = http.method("PATCH", "/api/workflows/greeting");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.body()).isEqualTo("{\"detail\":\"Method Not Allowed\"}");
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET, PUT, DELETE");
    }

    @OneGeneration(Generation.CURRENT)
    void currentBadInputGetsRouteErrors(NodeToolTestServer server) {
        Http http = new Http(server);
        assertThat(http.post("/api/workflows", "{bad").body()).isEqualTo("{\"detail\":\"Invalid JSON body\"}");
        assertThat(http.post("/api/workflows", "{bad").statusCode()).isEqualTo(400);
        assertThat(http.post("/api/workflows", "{\"graph\":{\"nodes\":[],\"edges\":[]}}")
                        .body())
                .isEqualTo("{\"detail\":\"Invalid workflow\"}");
        assertThat(http.post("/api/workflows", "{\"name\":\"x\",\"graph\":{\"nodes\":[]}}")
                        .body())
                .isEqualTo("{\"detail\":\"graph is required and must have nodes and edges arrays\"}");
        // Section 1: a body without a JSON content type counts as absent.
        HttpResponse<String> plain = http.send(http.request("/api/workflows")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(ECHO))
                .build());
        assertThat(plain.statusCode()).isEqualTo(400);
        assertThat(plain.body()).isEqualTo("{\"detail\":\"Invalid JSON body\"}");

        HttpResponse<String> unknown = http.get("/api/nothing");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"detail\":\"Not found\"}");
        HttpResponse<String> wrongMethod = http.method("PATCH", "/api/workflows/greeting");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.body()).isEqualTo("{\"detail\":\"Method not allowed\"}");
        assertThat(http.method("HEAD", "/api/workflows/greeting").statusCode()).isEqualTo(200);
    }
}
