package ai.nodetool.testserver.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.LegacyVersion;
import ai.nodetool.testserver.NodeToolTestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What differs between legacy releases (protocol-notes §3.3, §4.7, §5.2): the blocking run result, the
 * refusal of an unauthenticated WebSocket upgrade and the {@code /ping} body.
 */
class LegacyVersionsServerTest {
    private static final String TOKEN = "s3cret";

    private static NodeToolTestServer legacy(LegacyVersion version) {
        return NodeToolTestServer.builder().legacyVersion(version).start();
    }

    @ParameterizedTest
    @EnumSource(
            value = LegacyVersion.class,
            names = {"V0_6_0", "V0_6_1", "V0_6_2", "V0_6_3_RC26"})
    void beforeRc27TheBlockingRunAlwaysAnswersAnEmptyObjectWith200(LegacyVersion version) {
        try (NodeToolTestServer server = legacy(version)) {
            Http http = new Http(server);
            HttpResponse<String> ok = http.post("/api/workflows/greeting/run", "{\"params\":{\"name\":\"Ada\"}}");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("{}");
            HttpResponse<String> failed = http.post("/api/workflows/" + DemoWorkflowIds.FAIL + "/run", "{}");
            assertThat(failed.statusCode()).isEqualTo(200);
            assertThat(failed.body()).isEqualTo("{}");
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = LegacyVersion.class,
            names = {"V0_6_3_RC27", "V0_6_3_RC47"})
    void fromRc27TheBlockingRunAnswersNamedResultsAndAFailureIs500(LegacyVersion version) {
        try (NodeToolTestServer server = legacy(version)) {
            Http http = new Http(server);
            HttpResponse<String> ok = http.post("/api/workflows/greeting/run", "{\"params\":{\"name\":\"Ada\"}}");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("{\"greeting\":\"Hello, Ada!\"}");
            HttpResponse<String> failed = http.post("/api/workflows/" + DemoWorkflowIds.FAIL + "/run", "{}");
            assertThat(failed.statusCode()).isEqualTo(500);
            assertThat(failed.body()).isEqualTo("{\"detail\":\"Something went wrong\"}");
        }
    }

    @Test
    void theDefaultIsTheNewestRelease() {
        try (NodeToolTestServer server = NodeToolTestServer.start()) {
            assertThat(server.legacyVersion()).isEqualTo(LegacyVersion.V0_6_3_RC47);
        }
    }

    @Test
    void v060HasNoAuthOnPredict() throws Exception {
        try (NodeToolTestServer server = NodeToolTestServer.builder()
                .legacyVersion(LegacyVersion.V0_6_0)
                .token(TOKEN)
                .start()) {
            Upgrade upgrade = Upgrade.send(server, false);
            assertThat(upgrade.statusLine()).startsWith("HTTP/1.1 101");
            // REST still wants the token.
            assertThat(new Http(server).get("/api/workflows/").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void v061RefusesTheUpgradeWithABare403() throws Exception {
        try (NodeToolTestServer server = NodeToolTestServer.builder()
                .legacyVersion(LegacyVersion.V0_6_1)
                .token(TOKEN)
                .start()) {
            Upgrade upgrade = Upgrade.send(server);
            assertThat(upgrade.statusLine()).startsWith("HTTP/1.1 403");
            assertThat(upgrade.headers().toLowerCase()).contains("content-length: 0");
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = LegacyVersion.class,
            names = {"V0_6_2", "V0_6_3_RC26", "V0_6_3_RC27", "V0_6_3_RC47"})
    void fromV062TheUpgradeIsAcceptedThenClosedWith1008(LegacyVersion version) throws Exception {
        try (NodeToolTestServer server =
                NodeToolTestServer.builder().legacyVersion(version).token(TOKEN).start()) {
            Upgrade upgrade = Upgrade.send(server);
            assertThat(upgrade.statusLine()).startsWith("HTTP/1.1 101");
            assertThat(upgrade.closeCode()).isEqualTo(1008);
            assertThat(upgrade.closeReason()).isEqualTo("Missing authentication");
        }
    }

    @ParameterizedTest
    @EnumSource(LegacyVersion.class)
    void healthIsTheStringOkAndPingDependsOnTheRelease(LegacyVersion version) {
        try (NodeToolTestServer server = legacy(version)) {
            Http http = new Http(server);
            assertThat(http.get("/health").body()).isEqualTo("\"OK\"");
            JsonNode ping = Http.json(http.get("/ping"));
            assertThat(ping.path("status").asText()).isEqualTo("healthy");
            String naive = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}";
            boolean editorPing = version.compareTo(LegacyVersion.V0_6_3_RC26) >= 0;
            assertThat(ping.path("timestamp").asText()).matches(editorPing ? naive + "\\+00:00" : naive);
        }
    }

    @Test
    void versionsParseFromReleaseNames() {
        assertThat(LegacyVersion.parse("0.6.0")).isEqualTo(LegacyVersion.V0_6_0);
        assertThat(LegacyVersion.parse("v0.6.3-rc27")).isEqualTo(LegacyVersion.V0_6_3_RC27);
        assertThat(LegacyVersion.parse(" 0.6.3-RC.47 ")).isEqualTo(LegacyVersion.V0_6_3_RC47);
        assertThatThrownBy(() -> LegacyVersion.parse("0.7.0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LegacyVersion.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void currentIgnoresTheLegacyVersion() {
        try (NodeToolTestServer server = NodeToolTestServer.builder()
                .generation(Generation.CURRENT)
                .legacyVersion(LegacyVersion.V0_6_0)
                .start()) {
            assertThat(new Http(server)
                            .post("/api/workflows/greeting/run", "{}")
                            .body())
                    .contains("\"status\":\"completed\"");
        }
    }

    /** A WebSocket upgrade without credentials, on a raw socket, and what came back. */
    record Upgrade(String statusLine, String headers, int closeCode, String closeReason) {
        static Upgrade send(NodeToolTestServer server) throws IOException {
            return send(server, true);
        }

        static Upgrade send(NodeToolTestServer server, boolean readClose) throws IOException {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(("GET /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    head.write(b);
                }
                String text = head.toString(StandardCharsets.ISO_8859_1);
                String statusLine = text.lines().findFirst().orElse("");
                if (!statusLine.startsWith("HTTP/1.1 101") || !readClose) {
                    return new Upgrade(statusLine, text, -1, null);
                }
                int opcode = in.read() & 0x0f;
                int length = in.read() & 0x7f;
                byte[] payload = in.readNBytes(length);
                if (opcode != 0x8 || payload.length < 2) {
                    return new Upgrade(statusLine, text, -1, null);
                }
                int code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
                return new Upgrade(
                        statusLine, text, code, new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8));
            }
        }
    }
}
