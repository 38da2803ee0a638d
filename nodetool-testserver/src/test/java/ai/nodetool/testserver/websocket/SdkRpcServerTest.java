package ai.nodetool.testserver.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.OneGeneration;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The RPC commands on {@code /ws} (protocol-notes §7.5): {@code request_id} correlation, results and the
 * two error shapes, the SDK discovery and lifecycle commands, preflight against the connection's live
 * runner id, and Gen A closing the socket on all of them.
 */
class SdkRpcServerTest {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @OneGeneration(Generation.CURRENT)
    void discoveryCommandsAnswerWithTheirRequestId(NodeToolTestServer server) throws Exception {
        try (WsClient client = WsClient.connectCurrent(server.webSocketUrl())) {
            client.send(WsClient.command("get_capabilities"));
            assertThat(client.next().toString()).isEqualTo("{\"error\":\"request_id is required for RPC commands\"}");

            JsonNode caps = rpc(client, "c1", "get_capabilities", WsClient.JSON.createObjectNode());
            assertThat(caps.get("command").asText()).isEqualTo("get_capabilities");
            assertThat(caps.get("result").get("protocol_version").asText()).isEqualTo("1");

            JsonNode page = rpc(client, "s1", "list_workflow_summaries", obj("limit", 2))
                    .get("result");
            assertThat(page.get("workflows")).hasSize(2);
            JsonNode next = rpc(
                            client,
                            "s2",
                            "list_workflow_summaries",
                            obj("limit", 2).put("cursor", page.get("next").asText()))
                    .get("result");
            assertThat(next.get("workflows").get(0).get("id").asText())
                    .isNotEqualTo(page.get("workflows").get(0).get("id").asText());

            JsonNode bad = rpc(client, "s3", "list_workflow_summaries", obj("limit", 0))
                    .get("error");
            assertThat(bad.toString())
                    .isEqualTo("{\"code\":\"BAD_REQUEST\",\"message\":\"Invalid request\",\"retryable\":false,"
                            + "\"apiCode\":null,\"trpcCode\":\"BAD_REQUEST\"}");

            JsonNode iface = rpc(
                    client, "i1", "get_workflow_interface", obj("version", 1).put("id", DemoWorkflowIds.SUM));
            assertThat(iface.get("result").get("workflow_id").asText()).isEqualTo("sum");
            JsonNode missing = rpc(
                    client, "i2", "get_workflow_interface", obj("version", 1).put("id", "nope"));
            assertThat(missing.has("result")).isFalse();
            assertThat(missing.get("error").get("code").asText()).isEqualTo("WORKFLOW_NOT_FOUND");
            assertThat(missing.get("error").get("apiCode").asText()).isEqualTo("WORKFLOW_NOT_FOUND");
            assertThat(missing.get("error").get("trpcCode").asText()).isEqualTo("NOT_FOUND");

            ObjectNode ids = obj("version", 1);
            ids.putArray("ids").add("greeting").add("nope");
            JsonNode batch = rpc(client, "i3", "get_workflow_interfaces", ids).get("result");
            assertThat(batch.get("interfaces")).hasSize(1);
            assertThat(batch.get("errors").get(0).get("workflow_id").asText()).isEqualTo("nope");

            JsonNode types = rpc(client, "n1", "get_node_type_inventory", obj("limit", 3))
                    .get("result");
            assertThat(types.get("types")).hasSize(3);
            assertThat(types.get("next_cursor").asInt()).isEqualTo(3);

            JsonNode wf = rpc(client, "w1", "get_workflow", obj("id", 0).put("id", "nope"));
            assertThat(wf.get("error").toString())
                    .isEqualTo(
                            "{\"code\":\"WORKFLOW_NOT_FOUND\",\"message\":\"Workflow not found\",\"retryable\":false,"
                                    + "\"apiCode\":\"WORKFLOW_NOT_FOUND\",\"trpcCode\":\"NOT_FOUND\"}");
        }
    }

    @OneGeneration(Generation.CURRENT)
    void nodeAndAssetCommands(NodeToolTestServer server) throws Exception {
        String boundary = "b0undary";
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"n.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nhello\r\n--" + boundary + "--\r\n";
        HttpResponse<String> uploaded = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/assets"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofString(multipart, StandardCharsets.UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String assetId = WsClient.JSON.readTree(uploaded.body()).get("id").asText();
        try (WsClient client = WsClient.connectCurrent(server.webSocketUrl())) {
            JsonNode assets = rpc(client, "a1", "list_assets", WsClient.JSON.createObjectNode())
                    .get("result");
            assertThat(assets.get("assets")).hasSize(1);
            assertThat(assets.get("assets").get(0).get("id").asText()).isEqualTo(assetId);
            assertThat(assets.get("assets").get(0).has("storage_key")).isFalse();
            JsonNode asset = rpc(client, "a2", "get_asset", obj("id", 0).put("id", assetId))
                    .get("result");
            assertThat(asset.get("name").asText()).isEqualTo("n.txt");
            assertThat(asset.get("size").asInt()).isEqualTo(5);
            assertThat(rpc(client, "a3", "get_asset", obj("id", 0).put("id", "none"))
                            .get("error")
                            .get("trpcCode")
                            .asText())
                    .isEqualTo("NOT_FOUND");
            assertThat(rpc(client, "a4", "list_assets", obj("page_size", 0))
                            .get("error")
                            .get("code")
                            .asText())
                    .isEqualTo("BAD_REQUEST");

            JsonNode nodes = rpc(client, "l1", "list_nodes", obj("limit", 100).put("namespace", "nodetool.image"))
                    .get("result")
                    .get("nodes");
            assertThat(nodes.size()).isGreaterThanOrEqualTo(3);
            nodes.forEach(n -> assertThat(n.get("namespace").asText()).isEqualTo("nodetool.image"));
            JsonNode found = rpc(client, "l2", "list_nodes", obj("limit", 100).put("query", "wav,invert"))
                    .get("result")
                    .get("nodes");
            assertThat(found).hasSize(2);
            JsonNode node = rpc(client, "g1", "get_node", obj("limit", 0).put("node_type", "nodetool.image.Invert"))
                    .get("result");
            assertThat(node.get("properties").get(0).get("name").asText()).isEqualTo("image");
            JsonNode unknown = rpc(client, "g2", "get_node", obj("limit", 0).put("node_type", "x.Y"))
                    .get("error");
            assertThat(unknown.get("message").asText()).isEqualTo("Node type not found: x.Y");
            assertThat(unknown.get("code").asText()).isEqualTo("NOT_FOUND");
        }
    }

    @OneGeneration(Generation.CURRENT)
    void preflightChecksTheLiveRunnerOfTheSocket(NodeToolTestServer server) throws Exception {
        String runnerId;
        try (WsClient client = WsClient.connect(server.webSocketUrl())) {
            JsonNode target = client.nextFrame().message();
            assertThat(target.get("type").asText()).isEqualTo("sdk_execution_target");
            runnerId = target.get("runner_id").asText();
            client.next(); // renderer_registered

            JsonNode viaSocket =
                    rpc(client, "p1", "preflight_workflow", preflight(runnerId)).get("result");
            assertThat(viaSocket.get("runnable").asBoolean()).isTrue();
            assertThat(viaSocket.get("requirements").get(0).get("id").asText()).isEqualTo(runnerId);
            assertThat(viaSocket.get("requirements").get(0).get("status").asText())
                    .isEqualTo("available");
            assertThat(viaSocket.get("requirements").get(1).get("id").asText()).isEqualTo("execution-capacity");

            JsonNode viaHttp = postPreflight(server, preflight(runnerId));
            assertThat(viaHttp.get("requirements").get(0).get("status").asText())
                    .isEqualTo("available");

            JsonNode invalid =
                    rpc(client, "p2", "preflight_workflow", obj("level", 0)).get("error");
            assertThat(invalid.toString())
                    .isEqualTo("{\"code\":\"INVALID_REQUEST\",\"message\":\"Invalid request\",\"retryable\":false}");
        }
        // The id is dropped when its socket ends.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        JsonNode after;
        do {
            after = postPreflight(server, preflight(runnerId));
        } while (after.get("runnable").asBoolean() && System.nanoTime() < deadline);
        assertThat(after.get("runnable").asBoolean()).isFalse();
        assertThat(after.get("requirements").get(0).get("status").asText()).isEqualTo("unavailable");
        assertThat(after.get("requirements").get(0).get("message").asText())
                .isEqualTo("Selected live runner is not available.");
    }

    @OneGeneration(Generation.CURRENT)
    void preflightValidatesInputsAndEtag(NodeToolTestServer server) throws Exception {
        ObjectNode request = preflight(null);
        request.put("workflow_id", DemoWorkflowIds.SUM);
        request.put("level", "static");
        request.put("workflow_etag", "stale");
        request.putObject("inputs").put("a", "text").put("b", 5000).put("zzz", 1);
        JsonNode answer = postPreflight(server, request);
        assertThat(answer.get("runnable").asBoolean()).isFalse();
        assertThat(answer.get("workflow_etag").asText()).isNotEqualTo("stale");
        assertThat(answer.get("issues").findValuesAsText("code"))
                .contains("workflow_etag_mismatch", "input_type_mismatch", "input_above_maximum", "unknown_input");
        assertThat(answer.get("cost").get("currency").asText()).isEqualTo("USD");

        ObjectNode asset = preflight(null);
        asset.put("workflow_id", DemoWorkflowIds.IMAGE_INVERT);
        asset.put("level", "availability");
        asset.putObject("inputs")
                .putObject("image")
                .put("type", "image")
                .put("uri", "/api/storage/temp/sdk-inputs/x.png");
        JsonNode requirement = postPreflight(server, asset).get("requirements").get(0);
        assertThat(requirement.get("kind").asText()).isEqualTo("asset");
        assertThat(requirement.get("status").asText()).isEqualTo("unavailable");

        HttpResponse<String> missingKey = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/sdk/v1/preflight"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"workflow_id\":\"sum\",\"level\":\"static\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(missingKey.statusCode()).isEqualTo(400);
        assertThat(WsClient.JSON.readTree(missingKey.body()).get("code").asText())
                .isEqualTo("INVALID_REQUEST");
        HttpResponse<String> text = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/sdk/v1/preflight"))
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                preflight(null).toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(text.statusCode()).isEqualTo(415);
        ObjectNode unknown = preflight(null);
        unknown.put("workflow_id", "nope");
        HttpResponse<String> notFound = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/sdk/v1/preflight"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(unknown.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(WsClient.JSON.readTree(notFound.body()).get("message").asText())
                .isEqualTo("Workflow not found.");
    }

    @OneGeneration(Generation.CURRENT)
    void aSocketRunReadsAnUploadedImageByUri(NodeToolTestServer server) throws Exception {
        java.awt.image.BufferedImage in =
                new java.awt.image.BufferedImage(2, 1, java.awt.image.BufferedImage.TYPE_INT_RGB);
        in.setRGB(0, 0, 0x123456);
        in.setRGB(1, 0, 0xFF8000);
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(in, "png", png);
        String boundary = "b0undary";
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"in.png\"\r\n"
                        + "Content-Type: image/png\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(png.toByteArray());
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> uploaded = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/sdk/v1/assets/temporary"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String uri = WsClient.JSON.readTree(uploaded.body()).get("uri").asText();
        try (WsClient client = WsClient.connectCurrent(server.webSocketUrl())) {
            ObjectNode run = WsClient.command(
                    "run_job",
                    "job_id",
                    "media-1",
                    "workflow_id",
                    DemoWorkflowIds.IMAGE_INVERT,
                    "require_terminal_result",
                    true);
            ((ObjectNode) run.get("data"))
                    .putObject("params")
                    .putObject("image")
                    .put("type", "image")
                    .put("uri", uri);
            client.send(run);
            JsonNode terminal = client.await(WsClient.terminalWithResult());
            assertThat(terminal.get("status").asText()).as(terminal::toString).isEqualTo("completed");
            String out = terminal.get("result")
                    .get("outputs")
                    .get("image")
                    .get(0)
                    .get("uri")
                    .asText();
            HttpResponse<byte[]> served =
                    HTTP.send(HttpRequest.newBuilder(URI.create(out)).build(), HttpResponse.BodyHandlers.ofByteArray());
            java.awt.image.BufferedImage result =
                    javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(served.body()));
            assertThat(result.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xEDCBA9);
            assertThat(result.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0x007FFF);
        }
    }

    @OneGeneration(Generation.LEGACY)
    void legacyClosesTheSocketOnSdkCommands(NodeToolTestServer server) throws Exception {
        for (String command : new String[] {"get_capabilities", "list_workflow_summaries", "list_assets"}) {
            try (WsClient client = WsClient.connect(server.webSocketUrl())) {
                ObjectNode rpc = WsClient.command(command);
                rpc.put("request_id", "r1");
                client.send(rpc);
                WsClient.Closed closed = client.awaitClose();
                assertThat(closed).as(command).isNotNull();
                assertThat(client.pollFrame(100)).as(command).isNull();
            }
        }
    }

    private static JsonNode rpc(WsClient client, String requestId, String command, ObjectNode data) throws Exception {
        ObjectNode message = WsClient.JSON.createObjectNode();
        message.put("command", command);
        message.set("data", data);
        message.put("request_id", requestId);
        client.send(message);
        JsonNode reply = client.await(f -> requestId.equals(f.path("request_id").asText(null)));
        assertThat(reply.get("type").asText()).isEqualTo("rpc_response");
        return reply;
    }

    private static ObjectNode obj(String key, int value) {
        return WsClient.JSON.createObjectNode().put(key, value);
    }

    /** A C#-SDK-shaped preflight: explicit null workspace and etag, a runner target when given. */
    private static ObjectNode preflight(String runnerId) {
        ObjectNode p = WsClient.JSON.createObjectNode();
        p.put("workflow_id", DemoWorkflowIds.GREETING);
        p.putNull("workspace_id");
        p.putNull("workflow_etag");
        p.put("interface_version", 1);
        p.put("level", "execution");
        p.putObject("inputs").put("name", "Ada");
        if (runnerId != null) {
            p.putObject("execution_target").put("kind", "runner").put("runner_id", runnerId);
        }
        return p;
    }

    private static JsonNode postPreflight(NodeToolTestServer server, ObjectNode body) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/sdk/v1/preflight"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return WsClient.JSON.readTree(r.body());
    }
}
