package ai.nodetool.testserver.rest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Health routes (protocol-notes §4.7) and how auth (protocol-notes §3) meets the REST routes. */
class HealthAndAuthTest {
    @Test
    void legacyHealthAndPing() {
        try (NodeToolTestServer server = NodeToolTestServer.start()) {
            Http http = new Http(server);
            // protocol-notes §4.7: the editor's /health is the JSON string "OK"; rc.47's /ping has a +00:00 time.
            assertThat(http.get("/health").body()).isEqualTo("\"OK\"");
            JsonNode body = Http.json(http.get("/ping"));
            assertThat(body.get("status").asText()).isEqualTo("healthy");
            assertThat(body.get("timestamp").asText())
                    .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00");
            assertThat(http.get("/ready").body()).isEqualTo("{\"detail\":\"Not Found\"}");
            assertThat(http.get("/api/health").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void currentHealthReadyAndApiHealth() {
        try (NodeToolTestServer server =
                NodeToolTestServer.builder().generation(Generation.CURRENT).start()) {
            Http http = new Http(server);
            JsonNode health = Http.json(http.get("/health"));
            List<String> keys = new ArrayList<>();
            health.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).containsExactly("status", "timestamp", "uptime", "turns", "jobs", "services");
            assertThat(health.get("status").asText()).isEqualTo("ok");
            assertThat(health.get("services").toString()).isEqualTo("{\"database\":\"ok\",\"server\":\"ok\"}");
            assertThat(http.get("/ready").body()).isEqualTo("{\"status\":\"ok\"}");
            JsonNode api = Http.json(http.get("/api/health"));
            assertThat(api.get("version").asText()).isNotEmpty();
            assertThat(api.get("uptime").isInt()).isTrue();
        }
    }

    @Test
    void legacyTokenGuardsEditorAndWorkerButNotHealth() {
        try (NodeToolTestServer server =
                NodeToolTestServer.builder().token("s3cret").start()) {
            Http anonymous = new Http(server);
            Http authed = new Http(server).token("s3cret");
            for (HttpResponse<String> r : List.of(
                    anonymous.get("/api/workflows/"),
                    anonymous.post("/workflows/greeting/run", "{}"),
                    anonymous.post("/workflows/greeting/run/stream", "{}"),
                    anonymous.get("/api/workflows/public"))) {
                assertThat(r.statusCode()).isEqualTo(401);
                assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            }
            assertThat(anonymous.get("/health").statusCode()).isEqualTo(200);
            assertThat(anonymous.get("/ping").statusCode()).isEqualTo(200);
            assertThat(new Http(server)
                            .token("wrong")
                            .get("/api/workflows/greeting")
                            .statusCode())
                    .isEqualTo(401);

            assertThat(authed.get("/api/workflows/").statusCode()).isEqualTo(200);
            assertThat(authed.post("/api/workflows/greeting/run", "{\"params\":{}}")
                            .body())
                    .isEqualTo("{\"greeting\":\"Hello, World!\"}");
            assertThat(authed.post("/workflows/greeting/run/stream", "{}").body())
                    .endsWith("data: [DONE]\n\n");
            assertThat(authed.post("/api/workflows/greeting/run?stream=true", "{\"params\":{}}")
                            .body())
                    .contains("job_completed");
        }
    }

    @Test
    void currentTokenKeepsPublicRoutesOpen() {
        try (NodeToolTestServer server = NodeToolTestServer.builder()
                .generation(Generation.CURRENT)
                .token("s3cret")
                .start()) {
            Http anonymous = new Http(server);
            Http authed = new Http(server).token("s3cret");
            for (String path : List.of(
                    "/api/workflows/public",
                    "/api/workflows/public/greeting",
                    "/api/workflows/examples",
                    "/api/workflows/examples/search?query=sum",
                    "/health",
                    "/ready",
                    "/api/health")) {
                assertThat(anonymous.get(path).statusCode()).as(path).isEqualTo(200);
            }
            HttpResponse<String> run = anonymous.post("/api/workflows/greeting/run", "{}");
            assertThat(run.statusCode()).isEqualTo(401);
            assertThat(run.body()).isEqualTo("{\"error\":\"Unauthorized\"}");
            assertThat(anonymous.get("/api/workflows/names").statusCode()).isEqualTo(401);

            JsonNode image = Http.json(authed.post("/api/workflows/image/run", "{}"))
                    .get("outputs")
                    .get("image")
                    .get(0);
            String path = image.get("uri").asText().substring(server.baseUrl().length());
            assertThat(anonymous.get(path).statusCode()).isEqualTo(401);
            assertThat(authed.get(path).statusCode()).isEqualTo(200);
        }
    }
}
