package ai.nodetool.client;

import static ai.nodetool.client.Gen.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.nodetool.client.core.ClientOptions;
import ai.nodetool.client.errors.ResponseTooLargeException;
import ai.nodetool.client.messages.AssetRef;
import ai.nodetool.client.messages.RunResult;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * Jackson's string limit is an option: a longer string in a JSON answer fails typed, naming the option; the
 * default is Jackson's own unless {@code maxResponseBytes} is set higher; a base64 {@code data:} URI is decoded as read and is not held
 * as text, so it is not subject to the limit, and its media value reads and serialises as before.
 */
class JsonStringLimitMockTest {
    @StartStop
    private final MockWebServer server = new MockWebServer();

    private NodeToolClient client(int maxStringLength) {
        return NodeToolClient.builder()
                .baseUrl(server.url("/").toString())
                .maxRetries(0)
                .maxJsonStringLength(maxStringLength)
                .build();
    }

    @Test
    void aStringOverTheLimitFailsTypedNamingTheOption() {
        server.enqueue(json("{\"text\": \"" + "a".repeat(5000) + "\"}"));
        try (NodeToolClient client = client(1000)) {
            ResponseTooLargeException e = catchThrowableOfType(
                    ResponseTooLargeException.class, () -> client.workflows().run("wf", Map.of()));
            assertThat(e.limit()).isEqualTo(1000);
            assertThat(e).hasMessageContaining("maxJsonStringLength").hasMessageContaining("/run");
        }
    }

    @Test
    void theDefaultLimitFollowsTheBodyCap() {
        assertThat(ClientOptions.builder().build().maxJsonStringLength())
                .isEqualTo(ClientOptions.DEFAULT_MAX_JSON_STRING_LENGTH);
        assertThat(ClientOptions.builder().maxResponseBytes(300_000_000).build().maxJsonStringLength())
                .isEqualTo(300_000_000);
        assertThat(ClientOptions.builder().maxResponseBytes(300_000_000).maxJsonStringLength(5).build().toBuilder()
                        .build()
                        .maxJsonStringLength())
                .isEqualTo(5);
    }

    @Test
    void aDataUriOverTheLimitIsDecodedAsReadAndReadsAsBefore() throws Exception {
        byte[] media = new byte[200_000];
        for (int i = 0; i < media.length; i++) {
            media[i] = (byte) (i * 7);
        }
        String uri = "data:image/png;base64," + Base64.getEncoder().encodeToString(media);
        server.enqueue(json("{\"image\": {\"type\": \"image\", \"uri\": \"" + uri + "\", \"asset_id\": null}}"));
        try (NodeToolClient client = client(1000)) {
            RunResult result = client.workflows().run("wf", Map.of());
            AssetRef image = (AssetRef) result.output("image");
            assertThat(image.bytes()).hasValueSatisfying(b -> assertThat(b).isEqualTo(media));
            assertThat(image.uri()).hasValue(uri);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(client.assets().download(image, out)).isEqualTo(media.length);
            assertThat(out.toByteArray()).isEqualTo(media);
            assertThat(result.raw().toString()).contains(uri);
        }
    }
}
