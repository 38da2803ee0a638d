package ai.nodetool.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.core.ClientOptions;
import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.errors.ResponseTooLargeException;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: the default body cap admits a 50 MiB output inline as base64 (about 70 MB of JSON), while the
 * default string limit stays Jackson's own (the cap is sized for decoded {@code data:} URIs, not for text
 * held whole), and a non-JSON answer is never buffered up to the cap.
 */
class DefaultBodyCapMockTest {
    @StartStop
    private final MockWebServer server = new MockWebServer();

    @Test
    void theDefaultCapAdmitsAFiftyMebibyteOutputInlineAndKeepsTheStringLimit() {
        ClientOptions defaults = ClientOptions.builder().build();
        long base64OfFiftyMebibytes = (50L * 1024 * 1024 + 2) / 3 * 4;
        assertThat(defaults.maxResponseBytes())
                .isEqualTo(ClientOptions.DEFAULT_MAX_RESPONSE_BYTES)
                .isGreaterThan(base64OfFiftyMebibytes + 1024 * 1024);
        assertThat(defaults.maxJsonStringLength()).isEqualTo(ClientOptions.DEFAULT_MAX_JSON_STRING_LENGTH);
        assertThat(defaults.toBuilder().build().maxJsonStringLength())
                .isEqualTo(ClientOptions.DEFAULT_MAX_JSON_STRING_LENGTH);
        ClientOptions raised =
                ClientOptions.builder().maxResponseBytes(100_000_000).build();
        assertThat(raised.toBuilder().build().maxJsonStringLength()).isEqualTo(100_000_000);
        assertThat(ClientOptions.builder().maxResponseBytes(1000).build().maxJsonStringLength())
                .isEqualTo(ClientOptions.DEFAULT_MAX_JSON_STRING_LENGTH);
    }

    @Test
    void aStringOverTheDefaultLimitStillFailsTypedWithDefaultOptions() {
        // 20,000,001 characters: under the 256 MiB default body cap, over the default string limit.
        Buffer body = new Buffer().writeUtf8("{\"id\": \"wf\", \"name\": \"");
        byte[] block = "x".repeat(1_000_000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < 20; i++) {
            body.write(block);
        }
        body.writeUtf8("x\"}");
        server.enqueue(new MockResponse.Builder()
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build());
        try (NodeToolClient client = NodeToolClient.builder()
                .baseUrl(server.url("/").toString())
                .maxRetries(0)
                .build()) {
            assertThatThrownBy(() -> client.workflows().run("wf", Map.of()))
                    .isInstanceOfSatisfying(
                            ResponseTooLargeException.class,
                            e -> assertThat(e.limit()).isEqualTo(ClientOptions.DEFAULT_MAX_JSON_STRING_LENGTH));
        }
    }

    @Test
    void aLargeNonJsonAnswerIsDescribedFromItsBeginningNotBufferedToTheCap() {
        Buffer page = new Buffer().writeUtf8("<html><body>");
        byte[] block = new byte[1024 * 1024];
        java.util.Arrays.fill(block, (byte) 'p');
        for (int i = 0; i < 8; i++) {
            page.write(block);
        }
        server.enqueue(new MockResponse.Builder()
                .addHeader("Content-Type", "text/html")
                .body(page)
                .build());
        try (NodeToolClient client = NodeToolClient.builder()
                .baseUrl(server.url("/").toString())
                .maxRetries(0)
                .build()) {
            assertThatThrownBy(() -> client.workflows().run("wf", Map.of()))
                    .isInstanceOf(NodeToolProtocolException.class)
                    .isNotInstanceOf(ResponseTooLargeException.class)
                    .hasMessageContaining("expected JSON but got an HTML page")
                    .hasMessageContaining("<html>");
        }
    }
}
