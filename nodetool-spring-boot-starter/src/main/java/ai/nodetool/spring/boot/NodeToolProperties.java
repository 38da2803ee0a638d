package ai.nodetool.spring.boot;

import ai.nodetool.client.NodeToolClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code nodetool.*} properties of the auto-configured {@link NodeToolClient}. A property left unset keeps the
 * SDK's default: the URLs and the token then come from {@code NODETOOL_API_URL}, {@code NODETOOL_WORKER_URL} and
 * {@code NODETOOL_API_TOKEN} as in {@link NodeToolClient#builder()}.
 */
@ConfigurationProperties(prefix = "nodetool")
public class NodeToolProperties {
    /**
     * Editor API base URL of the NodeTool server, e.g. http://127.0.0.1:7777. Unset: NODETOOL_API_URL, else
     * http://127.0.0.1:7777.
     */
    private String baseUrl;

    /** Worker API base URL. Unset: NODETOOL_WORKER_URL, else the base URL. */
    private String workerUrl;

    /** Explicit WebSocket URL (ws:// or wss://). Unset: derived from the base URL (/ws, falling back to /predict). */
    private String webSocketUrl;

    /** Bearer token sent to the server. Unset: NODETOOL_API_TOKEN, else none. */
    private String apiToken;

    /** Time to establish a connection. Unset: 10s. */
    private Duration connectTimeout;

    /** Longest wait for data on a connection (a blocking run waits for its whole answer). Unset: 10m. */
    private Duration readTimeout;

    /** Longest time to send a request. Unset: 60s. */
    private Duration writeTimeout;

    /** How long a stream may stay silent (heartbeats count as activity) before it fails. Unset: 5m. */
    private Duration streamIdleTimeout;

    /** Retries after the first attempt of an idempotent request (GET, PUT, DELETE); 0 disables retrying. Unset: 2. */
    private Integer maxRetries;

    /** Extra headers sent with every request. */
    private Map<String, String> headers = new LinkedHashMap<>();

    /** The Actuator health indicator. */
    private final Health health = new Health();

    /** The Micrometer binding. */
    private final Metrics metrics = new Metrics();

    /** @return the Editor API base URL, or null for the SDK's default */
    public String getBaseUrl() {
        return baseUrl;
    }

    /** @param baseUrl the Editor API base URL */
    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** @return the Worker API base URL, or null */
    public String getWorkerUrl() {
        return workerUrl;
    }

    /** @param workerUrl the Worker API base URL */
    public void setWorkerUrl(String workerUrl) {
        this.workerUrl = workerUrl;
    }

    /** @return the explicit WebSocket URL, or null */
    public String getWebSocketUrl() {
        return webSocketUrl;
    }

    /** @param webSocketUrl an explicit WebSocket URL */
    public void setWebSocketUrl(String webSocketUrl) {
        this.webSocketUrl = webSocketUrl;
    }

    /** @return the API token, or null */
    public String getApiToken() {
        return apiToken;
    }

    /** @param apiToken the API token */
    public void setApiToken(String apiToken) {
        this.apiToken = apiToken;
    }

    /** @return the connect timeout, or null */
    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    /** @param connectTimeout the connect timeout */
    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** @return the read timeout, or null */
    public Duration getReadTimeout() {
        return readTimeout;
    }

    /** @param readTimeout the read timeout */
    public void setReadTimeout(Duration readTimeout) {
        this.readTimeout = readTimeout;
    }

    /** @return the write timeout, or null */
    public Duration getWriteTimeout() {
        return writeTimeout;
    }

    /** @param writeTimeout the write timeout */
    public void setWriteTimeout(Duration writeTimeout) {
        this.writeTimeout = writeTimeout;
    }

    /** @return the stream idle timeout, or null */
    public Duration getStreamIdleTimeout() {
        return streamIdleTimeout;
    }

    /** @param streamIdleTimeout the stream idle timeout */
    public void setStreamIdleTimeout(Duration streamIdleTimeout) {
        this.streamIdleTimeout = streamIdleTimeout;
    }

    /** @return the retries of idempotent requests, or null */
    public Integer getMaxRetries() {
        return maxRetries;
    }

    /** @param maxRetries the retries of idempotent requests */
    public void setMaxRetries(Integer maxRetries) {
        this.maxRetries = maxRetries;
    }

    /** @return the extra headers (mutable, for binding) */
    public Map<String, String> getHeaders() {
        return headers;
    }

    /** @param headers the extra headers */
    public void setHeaders(Map<String, String> headers) {
        this.headers = headers;
    }

    /** @return the health indicator's settings */
    public Health getHealth() {
        return health;
    }

    /** @return the Micrometer binding's settings */
    public Metrics getMetrics() {
        return metrics;
    }

    /**
     * Applies every property that is set to a client builder.
     *
     * @param builder the builder
     * @return the builder
     */
    public NodeToolClient.Builder applyTo(NodeToolClient.Builder builder) {
        if (baseUrl != null) {
            builder.baseUrl(baseUrl);
        }
        if (workerUrl != null) {
            builder.workerUrl(workerUrl);
        }
        if (webSocketUrl != null) {
            builder.webSocketUrl(webSocketUrl);
        }
        if (apiToken != null) {
            builder.apiToken(apiToken);
        }
        if (connectTimeout != null) {
            builder.connectTimeout(connectTimeout);
        }
        if (readTimeout != null) {
            builder.readTimeout(readTimeout);
        }
        if (writeTimeout != null) {
            builder.writeTimeout(writeTimeout);
        }
        if (streamIdleTimeout != null) {
            builder.streamIdleTimeout(streamIdleTimeout);
        }
        if (maxRetries != null) {
            builder.maxRetries(maxRetries);
        }
        if (!headers.isEmpty()) {
            builder.headers(headers);
        }
        return builder;
    }

    @Override
    public String toString() {
        // Never the token.
        return "NodeToolProperties{baseUrl=" + baseUrl + ", workerUrl=" + workerUrl + ", apiToken="
                + (apiToken == null ? "<unset>" : "<set>") + ", maxRetries=" + maxRetries + "}";
    }

    /** Settings of the {@code nodetool} health indicator. */
    public static class Health {
        /** Longest time one health check may take, retries included; past it the server is reported DOWN. */
        private Duration timeout = Duration.ofSeconds(5);

        /** @return the timeout of one health check */
        public Duration getTimeout() {
            return timeout;
        }

        /** @param timeout the timeout of one health check */
        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }

    /** Settings of the Micrometer binding (nodetool-client-micrometer). */
    public static class Metrics {
        /** Whether the client's events are recorded as Micrometer meters, when a MeterRegistry bean exists. */
        private boolean enabled = true;

        /** @return whether the binding is on */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether the binding is on */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
