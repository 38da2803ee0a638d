package ai.nodetool.client;

import static ai.nodetool.client.Gen.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.core.ClientOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** client.options(): one immutable view of the builder, the environment and the defaults. */
class ClientOptionsTest {
    @StartStop
    private final MockWebServer server = new MockWebServer();

    @Test
    void optionsShowTheEffectiveConfiguration() {
        try (NodeToolClient client = NodeToolClient.builder()
                .environment(Map.of("NODETOOL_API_TOKEN", "envtok-1234")::get)
                .baseUrl("http://a:1/prefix/")
                .header("X-Team", "t1")
                .maxRetries(4)
                .streamIdleTimeout(Duration.ofSeconds(9))
                .build()) {
            ClientOptions o = client.options();
            assertThat(o.baseUrl().toString()).isEqualTo("http://a:1/prefix/");
            assertThat(o.workerUrl()).isEqualTo(o.baseUrl());
            assertThat(o.token()).isEqualTo("envtok-1234");
            assertThat(o.headers()).containsExactly(Map.entry("X-Team", "t1"));
            assertThatThrownBy(() -> o.headers().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
            assertThat(o.maxRetries()).isEqualTo(4);
            assertThat(o.streamIdleTimeout()).isEqualTo(Duration.ofSeconds(9));
            assertThat(o.maxLineBytes()).isEqualTo(ClientOptions.DEFAULT_MAX_LINE_BYTES);
            assertThat(o.connectTimeout()).contains(ClientOptions.DEFAULT_CONNECT_TIMEOUT);
            assertThat(o.readTimeout()).contains(ClientOptions.DEFAULT_READ_TIMEOUT);
            assertThat(o.httpClient()).isEmpty();
            assertThat(o.toString()).contains("http://a:1/prefix/").doesNotContain("envtok-1234");
            assertThat(client.options()).isSameAs(o);
        }
    }

    @Test
    void aSharedClientKeepsItsOwnTimeoutsUnlessSet() {
        OkHttpClient shared =
                new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(7)).build();
        try (NodeToolClient client = NodeToolClient.builder()
                .environment(name -> null)
                .httpClient(shared)
                .connectTimeout(Duration.ofSeconds(3))
                .build()) {
            assertThat(client.options().readTimeout()).isEmpty();
            assertThat(client.options().connectTimeout()).contains(Duration.ofSeconds(3));
            assertThat(client.httpClient().readTimeoutMillis()).isEqualTo(7000);
            assertThat(client.httpClient().connectTimeoutMillis()).isEqualTo(3000);
        }
    }

    @Test
    void optionsBuiltOnTheirOwnMakeAWorkingClient() throws Exception {
        server.enqueue(json(Gen.C.page(null)));
        ClientOptions options = ClientOptions.builder()
                .environment(name -> null)
                .baseUrl(server.url("/").toString())
                .apiToken("tok-5678")
                .build();
        try (NodeToolClient client = NodeToolClient.create(options)) {
            assertThat(client.options()).isSameAs(options);
            client.workflows().list();
        }
        assertThat(server.takeRequest(10, TimeUnit.SECONDS).getHeaders().get("Authorization"))
                .isEqualTo("Bearer tok-5678");
    }

    @Test
    void toBuilderKeepsAnUnsetWorkerUrlFollowingTheBaseUrl() {
        ClientOptions a = ClientOptions.builder()
                .environment(name -> null)
                .baseUrl("http://a:1")
                .build();
        ClientOptions b = a.toBuilder().baseUrl("http://b:2").build();
        assertThat(b.workerUrl().toString()).isEqualTo("http://b:2/");
        assertThat(a.workerUrl().toString()).isEqualTo("http://a:1/");
        ClientOptions c = a.toBuilder().workerUrl("http://w:3").build().toBuilder()
                .baseUrl("http://c:4")
                .build();
        assertThat(c.workerUrl().toString()).isEqualTo("http://w:3/");
    }

    @Test
    void invalidOptionsAreRejectedByTheOptionsBuilderToo() {
        assertThatThrownBy(() -> ClientOptions.builder()
                        .environment(name -> null)
                        .baseUrl("ftp://x")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("baseUrl");
        assertThatThrownBy(() -> ClientOptions.builder().maxLineBytes(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
