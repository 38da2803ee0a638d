package ai.nodetool.testserver.rest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.BothGenerations;
import ai.nodetool.testserver.junit.OneGeneration;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Running workflows over REST: blocking runs of both generations, Gen A NDJSON and the Worker API (protocol-notes §5.1–§5.4). */
class RunRoutesTest {
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};
    private static final String UNRUNNABLE = "{\"id\":\"broken\",\"name\":\"Broken\",\"graph\":{\"nodes\":["
            + "{\"id\":\"x\",\"type\":\"nodetool.nope.Missing\"}],\"edges\":[]}}";

    /** Job ids, timestamps and durations vary; everything else must match byte for byte. */
    static String normalise(String body) {
        return body.replaceAll("\"[0-9a-f]{32}\"", "\"JOB\"")
                .replaceAll("completed in [0-9.]+ seconds", "completed in X seconds");
    }

    // ---------------------------------------------------------------- Gen A blocking

    @OneGeneration(Generation.LEGACY)
    void legacyRunReturnsTheFlatMapKeyedByOutputName(NodeToolTestServer server) {
        HttpResponse<String> r =
                new Http(server).post("/api/workflows/greeting/run", "{\"params\":{\"name\":\"Ada\"}}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"greeting\":\"Hello, Ada!\"}");
        assertThat(new Http(server)
                        .post("/api/workflows/sum/run?stream=false", "{\"params\":{\"a\":\"40\",\"b\":2}}")
                        .body())
                .isEqualTo("{\"sum\":42}");
    }

    @OneGeneration(Generation.LEGACY)
    void legacyRunTurnsMediaIntoDataUris(NodeToolTestServer server) {
        JsonNode image = Http.json(
                        new Http(server).post("/api/workflows/image/run", "{\"params\":{\"width\":4,\"height\":4}}"))
                .get("image");
        assertThat(image.get("type").asText()).isEqualTo("image");
        assertThat(image.get("data").isNull()).isTrue();
        String uri = image.get("uri").asText();
        assertThat(uri).startsWith("data:application/octet-stream;base64,");
        byte[] png = Base64.getDecoder().decode(uri.substring(uri.indexOf(',') + 1));
        assertThat(png).startsWith(PNG_MAGIC);
    }

    @OneGeneration(Generation.LEGACY)
    void legacyRunFailuresAre500WithDetail(NodeToolTestServer server) {
        Http http = new Http(server);
        HttpResponse<String> failed = http.post("/api/workflows/fail/run", "{\"params\":{}}");
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).isEqualTo("{\"detail\":\"Something went wrong\"}");

        server.registerWorkflow(UNRUNNABLE);
        HttpResponse<String> invalid = http.post("/api/workflows/broken/run", "{\"params\":{}}");
        assertThat(invalid.statusCode()).isEqualTo(500);
        assertThat(Http.json(invalid).get("detail").asText()).startsWith("Unknown node type: nodetool.nope.Missing");
        HttpResponse<String> invalidStream = http.post("/api/workflows/broken/run?stream=true", "{\"params\":{}}");
        assertThat(invalidStream.statusCode()).isEqualTo(500);

        assertThat(http.post("/api/workflows/nope/run", "{\"params\":{}}").body())
                .isEqualTo("{\"detail\":\"Workflow not found\"}");
        HttpResponse<String> noBody = http.post("/api/workflows/greeting/run", "");
        assertThat(noBody.statusCode()).isEqualTo(422);
        assertThat(Http.json(noBody).get("detail").get(0).get("type").asText()).isEqualTo("missing");
        HttpResponse<String> badParams = http.post("/api/workflows/greeting/run", "{\"params\":[1]}");
        assertThat(badParams.statusCode()).isEqualTo(422);
        assertThat(Http.json(badParams).get("detail").get(0).get("loc").toString())
                .isEqualTo("[\"body\",\"params\"]");
    }

    // ---------------------------------------------------------------- Gen C blocking

    @OneGeneration(Generation.CURRENT)
    void currentRunReturnsTheEnvelopeWithValueArrays(NodeToolTestServer server) {
        for (String path : List.of("/api/workflows/text-stream/run", "/api/workflows/text-stream/run?stream=true")) {
            HttpResponse<String> r = new Http(server).post(path, "{\"params\":{\"text\":\"a b c\"}}");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
            JsonNode envelope = Http.json(r);
            List<String> keys = new ArrayList<>();
            envelope.fieldNames().forEachRemaining(keys::add);
            assertThat(keys)
                    .containsExactly(
                            "job_id", "workflow_id", "status", "outputs", "error", "message_count", "background");
            assertThat(envelope.get("workflow_id").asText()).isEqualTo("text-stream");
            assertThat(envelope.get("status").asText()).isEqualTo("completed");
            assertThat(envelope.get("outputs").toString()).isEqualTo("{\"text\":[\"a \",\"b \",\"c\"]}");
            assertThat(envelope.get("error").isNull()).isTrue();
            assertThat(envelope.get("message_count").asInt()).isGreaterThan(10);
            assertThat(envelope.get("background").asBoolean()).isFalse();
        }
    }

    @OneGeneration(Generation.CURRENT)
    void currentRunFailureIsStill200(NodeToolTestServer server) {
        Http http = new Http(server);
        HttpResponse<String> r = http.post("/api/workflows/fail/run", "{}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode envelope = Http.json(r);
        assertThat(envelope.get("status").asText()).isEqualTo("failed");
        assertThat(envelope.get("error").asText()).isEqualTo("Something went wrong");
        assertThat(envelope.get("outputs").toString()).isEqualTo("{}");

        server.registerWorkflow(UNRUNNABLE);
        HttpResponse<String> invalid = http.post("/api/workflows/broken/run", "{}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(Http.json(invalid).get("detail").asText()).startsWith("Unknown node type");
        assertThat(http.post("/api/workflows/nope/run", "{}").body()).isEqualTo("{\"detail\":\"Workflow not found\"}");
        assertThat(http.post("/api/workflows/greeting/run", "{bad").body())
                .isEqualTo("{\"detail\":\"Invalid JSON body\"}");

        server.registerWorkflow(
                "{\"id\":\"chat\",\"name\":\"Chat\",\"run_mode\":\"chat\",\"graph\":{\"nodes\":[],\"edges\":[]}}");
        HttpResponse<String> chat = http.post("/api/workflows/chat/run", "{}");
        assertThat(chat.statusCode()).isEqualTo(400);
        assertThat(chat.body())
                .isEqualTo(
                        "{\"detail\":\"Workflow run mode \\\"chat\\\" is not supported by the standalone backend\"}");
    }

    @OneGeneration(Generation.CURRENT)
    void currentRunWithoutBodyUsesDefaults(NodeToolTestServer server) {
        Http http = new Http(server);
        HttpResponse<String> r = http.send(http.request("/api/workflows/greeting/run")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(Http.json(r).get("outputs").toString()).isEqualTo("{\"greeting\":[\"Hello, World!\"]}");
    }

    @OneGeneration(Generation.CURRENT)
    void currentRunServesMediaFromTempStorage(NodeToolTestServer server) {
        Http http = new Http(server);
        JsonNode image = Http.json(http.post("/api/workflows/image/run", "{\"params\":{\"width\":3,\"height\":3}}"))
                .get("outputs")
                .get("image")
                .get(0);
        assertThat(image.get("data").isNull()).isTrue();
        String uri = image.get("uri").asText();
        assertThat(uri)
                .matches(java.util.regex.Pattern.quote(server.baseUrl()) + "/api/storage/temp/[0-9a-f-]{36}\\.png");
        HttpResponse<byte[]> bytes;
        try {
            bytes = http.client.send(
                    HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(bytes.statusCode()).isEqualTo(200);
        assertThat(bytes.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(bytes.headers().firstValue("X-Content-Type-Options")).isEmpty();
        assertThat(bytes.body()).startsWith(PNG_MAGIC);
        assertThat(http.get("/api/storage/temp/nothing.png").statusCode()).isEqualTo(404);
    }

    @OneGeneration(Generation.CURRENT)
    void currentBackgroundRunAnswersWithAReceipt(NodeToolTestServer server) {
        JsonNode receipt = Http.json(new Http(server).post("/api/workflows/greeting/run", "{\"background\":true}"));
        assertThat(receipt.get("status").asText()).isEqualTo("running");
        assertThat(receipt.get("background").asBoolean()).isTrue();
        assertThat(receipt.get("id").asText()).isEqualTo(receipt.get("job_id").asText());
        assertThat(receipt.get("workflow_id").asText()).isEqualTo("greeting");
        assertThat(receipt.get("poll").asText()).isNotEmpty();
    }

    @BothGenerations
    void fiftyConcurrentBlockingRunsAllFinish(NodeToolTestServer server, Generation generation) throws Exception {
        Http http = new Http(server);
        List<CompletableFuture<HttpResponse<String>>> runs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            HttpRequest request = http.request("/api/workflows/sum/run")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"params\":{\"a\":" + i + ",\"b\":1000}}"))
                    .build();
            runs.add(http.client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> r = runs.get(i).get(30, TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(200);
            String expected = generation == Generation.LEGACY
                    ? "{\"sum\":" + (i + 1000) + "}"
                    : "\"outputs\":{\"sum\":[" + (i + 1000) + "]}";
            assertThat(r.body()).contains(expected);
        }
    }

    // ---------------------------------------------------------------- Gen A NDJSON, byte for byte

    @OneGeneration(Generation.LEGACY)
    void legacyNdjsonFramesEveryMessageAndEndsWithJobCompleted(NodeToolTestServer server) {
        HttpResponse<String> r =
                new Http(server).post("/api/workflows/greeting/run?stream=true", "{\"params\":{\"name\":\"Ada\"}}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        String s = ", \"job_id\": \"JOB\", \"workflow_id\": \"greeting\"}\n";
        assertThat(normalise(r.body()))
                .isEqualTo(""
                        + "{\"type\": \"job_update\", \"status\": \"running\", \"job_id\": \"JOB\", \"workflow_id\": \"greeting\"}\n"
                        + "{\"type\": \"node_update\", \"node_id\": \"name_input\", \"node_name\": \"String Input\", \"node_type\": \"nodetool.input.StringInput\", \"status\": \"running\""
                        + s
                        + "{\"type\": \"edge_update\", \"edge_id\": \"e1\", \"status\": \"active\"" + s
                        + "{\"type\": \"edge_update\", \"edge_id\": \"e1\", \"status\": \"completed\"" + s
                        + "{\"type\": \"node_update\", \"node_id\": \"name_input\", \"node_name\": \"String Input\", \"node_type\": \"nodetool.input.StringInput\", \"status\": \"completed\""
                        + s
                        + "{\"type\": \"node_update\", \"node_id\": \"format\", \"node_name\": \"Format Text\", \"node_type\": \"nodetool.text.FormatText\", \"status\": \"running\""
                        + s
                        + "{\"type\": \"edge_update\", \"edge_id\": \"e2\", \"status\": \"active\"" + s
                        + "{\"type\": \"edge_update\", \"edge_id\": \"e2\", \"status\": \"completed\"" + s
                        + "{\"type\": \"node_update\", \"node_id\": \"format\", \"node_name\": \"Format Text\", \"node_type\": \"nodetool.text.FormatText\", \"status\": \"completed\", \"result\": {\"output\": \"Hello, Ada!\"}"
                        + s
                        + "{\"type\": \"node_update\", \"node_id\": \"greeting_output\", \"node_name\": \"Output\", \"node_type\": \"nodetool.output.Output\", \"status\": \"running\""
                        + s
                        + "{\"type\": \"output_update\", \"node_id\": \"greeting_output\", \"node_name\": \"greeting\", \"output_name\": \"greeting\", \"value\": \"Hello, Ada!\", \"output_type\": \"any\", \"metadata\": {}"
                        + s
                        + "{\"type\": \"node_update\", \"node_id\": \"greeting_output\", \"node_name\": \"Output\", \"node_type\": \"nodetool.output.Output\", \"status\": \"completed\", \"result\": {\"output\": \"Hello, Ada!\"}"
                        + s
                        + "{\"type\": \"job_update\", \"status\": \"completed\", \"job_id\": \"JOB\", \"workflow_id\": \"greeting\", \"message\": \"Workflow greeting completed in X seconds\", \"result\": {\"greeting\": [\"Hello, Ada!\"]}}\n"
                        + "{\"type\": \"job_completed\", \"job_id\": \"JOB\"}\n");
        // One job id throughout.
        assertThat(r.body().replaceAll("[0-9a-f]{32}", "").length())
                .isEqualTo(r.body().length() - 14 * 32);
    }

    @OneGeneration(Generation.LEGACY)
    void legacyNdjsonFailureUsesErrorKeysAndEndsWithJobFailed(NodeToolTestServer server) {
        HttpResponse<String> r = new Http(server).post("/api/workflows/fail/run?stream=true", "{\"params\":{}}");
        assertThat(r.statusCode()).isEqualTo(200);
        String s = ", \"job_id\": \"JOB\", \"workflow_id\": \"fail\"}\n";
        assertThat(normalise(r.body()))
                .isEqualTo(""
                        + "{\"type\": \"job_update\", \"status\": \"running\", \"job_id\": \"JOB\", \"workflow_id\": \"fail\"}\n"
                        + "{\"type\": \"node_update\", \"node_id\": \"fail\", \"node_name\": \"Fail\", \"node_type\": \"nodetool.test.Fail\", \"status\": \"running\""
                        + s
                        + "{\"type\": \"node_update\", \"node_id\": \"fail\", \"node_name\": \"Fail\", \"node_type\": \"nodetool.test.Fail\", \"status\": \"error\", \"error\": \"Something went wrong\""
                        + s
                        + "{\"type\": \"error\", \"error\": \"Something went wrong\"" + s
                        + "{\"type\": \"job_update\", \"status\": \"failed\", \"job_id\": \"JOB\", \"workflow_id\": \"fail\", \"error\": \"Something went wrong\"}\n"
                        + "{\"type\": \"job_failed\", \"job_id\": \"JOB\", \"error\": \"Something went wrong\"}\n");
    }

    @OneGeneration(Generation.LEGACY)
    void legacyNdjsonCarriesMediaAsDataUris(NodeToolTestServer server) throws Exception {
        String body = new Http(server)
                .post("/api/workflows/image/run?stream=true", "{\"params\":{\"width\":2,\"height\":2}}")
                .body();
        JsonNode output = null;
        for (String line : body.split("\n")) {
            JsonNode m = Http.JSON.readTree(line);
            if (m.get("type").asText().equals("output_update")) {
                output = m;
            }
        }
        assertThat(output).isNotNull();
        assertThat(output.get("value").get("uri").asText())
                .startsWith("data:application/octet-stream;base64,iVBORw0KGgo");
        assertThat(output.get("value").get("data").isNull()).isTrue();
    }

    // ---------------------------------------------------------------- Gen A Worker API

    @OneGeneration(Generation.LEGACY)
    void workerSseFramingMatchesSectionThree(NodeToolTestServer server) {
        HttpResponse<String> r = new Http(server).post("/workflows/greeting/run/stream", "{\"name\":\"Ada\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(normalise(r.body()))
                .isEqualTo(""
                        + "data: {\"type\": \"job_update\", \"data\": {\"type\": \"job_update\", \"status\": \"running\", \"job_id\": \"JOB\", \"workflow_id\": \"greeting\"}}\n\n"
                        + "data: {\"type\": \"output_update\", \"node_name\": \"greeting\", \"value\": \"Hello, Ada!\"}\n\n"
                        + "data: {\"type\": \"job_update\", \"data\": {\"type\": \"job_update\", \"status\": \"completed\", \"job_id\": \"JOB\", \"workflow_id\": \"greeting\", \"message\": \"Workflow greeting completed in X seconds\", \"result\": {\"greeting\": [\"Hello, Ada!\"]}}}\n\n"
                        + "data: {\"type\": \"complete\", \"results\": {\"greeting\": \"Hello, Ada!\"}}\n\n"
                        + "data: [DONE]\n\n");
    }

    @OneGeneration(Generation.LEGACY)
    void workerSseErrorsEndWithoutDone(NodeToolTestServer server) {
        Http http = new Http(server);
        assertThat(normalise(http.post("/workflows/fail/run/stream", "{}").body()))
                .isEqualTo(""
                        + "data: {\"type\": \"job_update\", \"data\": {\"type\": \"job_update\", \"status\": \"running\", \"job_id\": \"JOB\", \"workflow_id\": \"fail\"}}\n\n"
                        + "data: {\"type\": \"job_update\", \"data\": {\"type\": \"job_update\", \"status\": \"error\", \"job_id\": \"JOB\", \"workflow_id\": \"fail\", \"error\": \"Something went wrong\"}}\n\n"
                        + "data: {\"type\": \"error\", \"error\": \"Something went wrong\"}\n\n");

        server.registerWorkflow(UNRUNNABLE);
        HttpResponse<String> broken = http.post("/workflows/broken/run/stream", "{}");
        assertThat(broken.statusCode()).isEqualTo(200);
        assertThat(broken.body())
                .startsWith("data: {\"type\": \"error\", \"error\": \"Unknown node type")
                .doesNotContain("[DONE]");
        assertThat(http.post("/workflows/nope/run/stream", "{}").statusCode()).isEqualTo(404);
    }

    @OneGeneration(Generation.LEGACY)
    void workerSseForwardsOnlyJobAndOutputUpdates(NodeToolTestServer server) throws Exception {
        String body = new Http(server)
                .post("/workflows/slow/run/stream", "{\"steps\":3,\"delay_ms\":1}")
                .body();
        List<String> types = new ArrayList<>();
        for (String event : body.split("\n\n")) {
            assertThat(event).startsWith("data: ").doesNotContain("\n");
            String data = event.substring(6);
            types.add(
                    data.equals("[DONE]")
                            ? "[DONE]"
                            : Http.JSON.readTree(data).get("type").asText());
        }
        assertThat(types).containsExactly("job_update", "output_update", "job_update", "complete", "[DONE]");
    }

    @OneGeneration(Generation.LEGACY)
    void workerRoutesManageAndRunWorkflows(NodeToolTestServer server) {
        Http http = new Http(server);
        JsonNode list = Http.json(http.get("/workflows"));
        assertThat(list.get("workflows").size()).isEqualTo(8);
        assertThat(list.get("next").isNull()).isTrue();

        assertThat(http.post("/workflows/greeting/run", "{\"name\":\"Ada\"}").body())
                .isEqualTo("{\"results\":{\"greeting\":\"Hello, Ada!\"}}");
        JsonNode image = Http.json(http.post("/workflows/image/run", "{}"))
                .get("results")
                .get("image");
        assertThat(image.get("uri").asText()).startsWith("data:image/png;base64,");
        HttpResponse<String> failed = http.post("/workflows/fail/run", "{}");
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).isEqualTo("{\"detail\":\"Something went wrong\"}");
        assertThat(http.post("/workflows/greeting/run", "[1]").statusCode()).isEqualTo(422);

        String echo =
                "{\"name\":\"Echo\",\"graph\":{\"nodes\":[{\"id\":\"o\",\"type\":\"nodetool.output.StringOutput\",\"data\":{\"name\":\"o\",\"value\":\"v\"}}],\"edges\":[]}}";
        assertThat(Http.json(http.put("/workflows/w1", echo)).get("id").asText())
                .isEqualTo("w1");
        assertThat(http.post("/workflows/w1/run", "{}").body()).isEqualTo("{\"results\":{\"o\":\"v\"}}");
        assertThat(http.put("/workflows/w2", "{\"name\":\"x\"}").body()).isEqualTo("{\"detail\":\"Invalid workflow\"}");
        assertThat(http.delete("/workflows/w1").body())
                .isEqualTo("{\"status\":\"ok\",\"message\":\"Workflow w1 deleted\"}");
        assertThat(http.delete("/workflows/w1").statusCode()).isEqualTo(404);
    }

    @OneGeneration(Generation.CURRENT)
    void currentHasNoWorkerApi(NodeToolTestServer server) {
        Http http = new Http(server);
        for (HttpResponse<String> r : List.of(
                http.get("/workflows"),
                http.post("/workflows/greeting/run", "{}"),
                http.post("/workflows/greeting/run/stream", "{}"),
                http.get("/ping"))) {
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).isEqualTo("{\"detail\":\"Not found\"}");
        }
    }

    @OneGeneration(Generation.LEGACY)
    void demoIdsAreRunnable(NodeToolTestServer server) {
        assertThat(new Http(server)
                        .post(
                                "/api/workflows/" + DemoWorkflowIds.SLOW + "/run",
                                "{\"params\":{\"steps\":2,\"delay_ms\":1}}")
                        .body())
                .isEqualTo("{\"result\":2}");
    }
}
