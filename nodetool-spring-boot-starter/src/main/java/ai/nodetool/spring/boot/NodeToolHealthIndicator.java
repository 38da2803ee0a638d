package ai.nodetool.spring.boot;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.discovery.Capabilities;
import ai.nodetool.client.errors.NodeToolHttpException;
import ai.nodetool.client.errors.UnsupportedByServerException;
import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports the NodeTool server behind a {@link NodeToolClient} as UP or DOWN, with its generation.
 *
 * <p>Each check asks the server's {@code GET /health} afresh (every generation has it and none needs a token,
 * protocol-notes §4.7), through the client's own OkHttp client (its proxy, TLS and headers), bounded by
 * {@code nodetool.health.timeout}. A 2xx answer is UP; anything else (an error status such as Gen C's 503 when it is
 * degraded or draining, a refused connection, a timeout) is DOWN with the reason. When the server is up, the
 * generation comes from the SDK's discovery ({@link NodeToolClient#capabilities()}, asked once per client and then
 * remembered): details {@code generation} ({@code current (Gen C)} or {@code legacy (Gen A/B)}), and on a current
 * server {@code nodetoolVersion} and {@code protocolVersion}. A current server that refuses the client (a wrong
 * token: 401) is DOWN too, since the application cannot use it.
 */
public class NodeToolHealthIndicator extends AbstractHealthIndicator {
    /** The generation detail of a server that answers SDK v1 discovery. */
    public static final String CURRENT = "current (Gen C)";

    private final NodeToolClient client;
    private final OkHttpClient http;

    /**
     * @param client the client whose server is checked
     * @param timeout the longest time one check may take
     */
    public NodeToolHealthIndicator(NodeToolClient client, Duration timeout) {
        super("NodeTool health check failed");
        this.client = Objects.requireNonNull(client, "client");
        this.http = client.httpClient().newBuilder().callTimeout(timeout).build();
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        builder.withDetail("baseUrl", client.baseUrl());
        HttpUrl url = HttpUrl.get(client.baseUrl())
                .newBuilder()
                .addPathSegment("health")
                .build();
        try (Response response =
                http.newCall(new Request.Builder().url(url).get().build()).execute()) {
            if (!response.isSuccessful()) {
                builder.down().withDetail("health", response.code() + " " + url.encodedPath());
                return;
            }
        }
        try {
            Capabilities capabilities = client.capabilities();
            builder.withDetail("generation", CURRENT);
            capabilities.nodetoolVersion().ifPresent(v -> builder.withDetail("nodetoolVersion", v));
            capabilities.protocolVersion().ifPresent(v -> builder.withDetail("protocolVersion", v));
        } catch (UnsupportedByServerException e) {
            builder.withDetail("generation", e.serverGeneration());
        } catch (NodeToolHttpException e) {
            // A current server whose SDK routes are switched off (503 SDK_LIFECYCLE_DISABLED) is up all the same.
            if (e.statusCode() != 503
                    || e.errorCode().filter(c -> c.endsWith("_DISABLED")).isEmpty()) {
                throw e;
            }
            builder.withDetail("generation", CURRENT)
                    .withDetail("sdk", e.errorCode().get());
        }
        builder.up();
    }
}
