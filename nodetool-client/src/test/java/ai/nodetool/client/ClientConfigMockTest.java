package ai.nodetool.client;

import static ai.nodetool.client.Gen.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Builder defaults, the environment, toBuilder and close(). */
class ClientConfigMockTest {
    @StartStop
    private final MockWebServer server = new MockWebServer();

    @AfterEach
    void clearProperties() {
        System.clearProperty("nodetool.api.url");
        System.clearProperty("NODETOOL_API_URL");
        System.clearProperty("nodetool.api.token");
        System.clearProperty("nodetool.worker.url");
    }

    private static NodeToolClient.Builder withEnv(Map<String, String> env) {
        return NodeToolClient.builder().environment(env::get);
    }

    @Test
    void defaultsWithAnEmptyEnvironment() {
        try (NodeToolClient client = withEnv(Map.of()).build()) {
            assertThat(client.baseUrl()).isEqualTo("http://127.0.0.1:7777/");
            assertThat(client.workerUrl()).isEqualTo("http://127.0.0.1:7777/");
            assertThat(client.webSocketUrl()).isEmpty();
            assertThat(client.hasToken()).isFalse();
            assertThat(client.maxRetries()).isEqualTo(2);
            assertThat(client.httpClient().readTimeoutMillis()).isEqualTo(600_000);
            assertThat(client.httpClient().connectTimeoutMillis()).isEqualTo(10_000);
        }
    }

    @Test
    void environmentVariablesAreRead() throws Exception {
        server.enqueue(json(Gen.C.page(null)));
        try (NodeToolClient client = withEnv(Map.of(
                        "NODETOOL_API_URL",
                        server.url("/x/").toString(),
                        "NODETOOL_WORKER_URL",
                        "http://worker:8000",
                        "NODETOOL_API_TOKEN",
                        "envtok-99"))
                .build()) {
            assertThat(client.workerUrl()).isEqualTo("http://worker:8000/");
            client.workflows().list();
        }
        var r = server.takeRequest(10, TimeUnit.SECONDS);
        assertThat(r.getUrl().encodedPath()).isEqualTo("/x/api/workflows");
        assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer envtok-99");
    }

    @Test
    void systemPropertiesWinOverEnvironmentAndBuilderWinsOverBoth() {
        System.setProperty("nodetool.api.url", "http://from-property:1");
        System.setProperty("nodetool.api.token", "proptok-1");
        Map<String, String> env = Map.of("NODETOOL_API_URL", "http://from-env:2", "NODETOOL_API_TOKEN", "envtok");
        try (NodeToolClient client = withEnv(env).build()) {
            assertThat(client.baseUrl()).isEqualTo("http://from-property:1/");
            assertThat(client.hasToken()).isTrue();
        }
        try (NodeToolClient client = withEnv(env).baseUrl("http://explicit:3").build()) {
            assertThat(client.baseUrl()).isEqualTo("http://explicit:3/");
        }
        System.clearProperty("nodetool.api.url");
        System.setProperty("NODETOOL_API_URL", "http://env-named-property:4");
        try (NodeToolClient client = withEnv(env).build()) {
            assertThat(client.baseUrl()).isEqualTo("http://env-named-property:4/");
        }
    }

    @Test
    void invalidUrlsAreRejectedClearly() {
        assertThatThrownBy(() -> withEnv(Map.of()).baseUrl("ftp://x").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("baseUrl");
        assertThatThrownBy(() -> NodeToolClient.builder().webSocketUrl("mailto:x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodeToolClient.builder().maxRetries(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodeToolClient.builder().readTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toBuilderDerivesAModifiedClientAndLeavesTheOriginalAlone() {
        try (NodeToolClient a = withEnv(Map.of())
                        .baseUrl("http://a:1")
                        .apiToken("tok-aaaa")
                        .maxRetries(5)
                        .webSocketUrl("ws://a:1/ws")
                        .readTimeout(Duration.ofSeconds(3))
                        .build();
                NodeToolClient b = a.toBuilder().baseUrl("http://b:2").build()) {
            assertThat(b.baseUrl()).isEqualTo("http://b:2/");
            assertThat(b.maxRetries()).isEqualTo(5);
            assertThat(b.hasToken()).isTrue();
            assertThat(b.webSocketUrl()).contains("ws://a:1/ws");
            assertThat(b.httpClient().readTimeoutMillis()).isEqualTo(3000);
            assertThat(a.baseUrl()).isEqualTo("http://a:1/");
        }
    }

    @Test
    void aSharedOkHttpClientKeepsItsPoolsAndIsNotClosed() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        OkHttpClient shared = new OkHttpClient.Builder()
                .dispatcher(new okhttp3.Dispatcher(pool))
                .readTimeout(Duration.ofSeconds(7))
                .build();
        server.enqueue(json(Gen.C.page(null)));
        server.enqueue(json(Gen.C.page(null)));
        try (NodeToolClient client = withEnv(Map.of())
                .baseUrl(server.url("/").toString())
                .httpClient(shared)
                .build()) {
            assertThat(client.httpClient().connectionPool()).isSameAs(shared.connectionPool());
            assertThat(client.httpClient().dispatcher()).isSameAs(shared.dispatcher());
            assertThat(client.httpClient().readTimeoutMillis()).isEqualTo(7000);
            client.workflows().list();
        }
        assertThat(pool.isShutdown()).isFalse();
        shared.newCall(new okhttp3.Request.Builder()
                        .url(server.url("/api/workflows"))
                        .build())
                .execute()
                .close();
        pool.shutdown();
    }

    @Test
    void callbacksRunOnTheConfiguredExecutor() throws Exception {
        AtomicInteger used = new AtomicInteger();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Executor counting = r -> {
            used.incrementAndGet();
            pool.execute(r);
        };
        server.enqueue(Gen.C.runOk());
        try (NodeToolClient client = withEnv(Map.of())
                .baseUrl(server.url("/").toString())
                .callbackExecutor(counting)
                .build()) {
            client.workflows().runAsync("wf1", Map.of()).get(10, TimeUnit.SECONDS);
            assertThat(client.callbackExecutor()).isSameAs(counting);
        }
        assertThat(used.get()).isEqualTo(1);
        assertThat(pool.isShutdown())
                .as("a caller-supplied executor is not shut down")
                .isFalse();
        pool.shutdown();
    }

    @Test
    void closeReleasesTheClientAndLaterCallsFailClearly() throws Exception {
        server.enqueue(Gen.C.runOk());
        NodeToolClient client =
                withEnv(Map.of()).baseUrl(server.url("/").toString()).build();
        client.workflows().runAsync("wf1", Map.of()).get(10, TimeUnit.SECONDS);

        client.close();
        client.close(); // idempotent

        assertThat(client.httpClient().dispatcher().executorService().isShutdown())
                .isTrue();
        assertThat(client.httpClient().connectionPool().connectionCount()).isZero();
        assertThatThrownBy(() -> client.workflows().list())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("nodetool-")) {
                assertThat(t.isDaemon()).as(t.getName() + " is a daemon").isTrue();
            }
        }
    }
}
