package ai.nodetool.client.internal.events;

import ai.nodetool.client.core.ClientOptions;
import ai.nodetool.client.internal.json.Json;
import ai.nodetool.client.messages.JobMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * The opt-in wire log (logger {@value #LOGGER}): HTTP request and response lines, headers and bodies up to a limit,
 * each message of an HTTP stream, and WebSocket frames decoded to JSON (MessagePack frames too). Before anything
 * is written, secrets are replaced by {@value #REDACTED}: the {@code Authorization}, {@code Proxy-Authorization},
 * {@code Cookie} and {@code Set-Cookie} headers and every header whose name says it carries a credential; the
 * query parameters and JSON fields {@code api_key}, {@code auth_token}, {@code access_token}, {@code token},
 * {@code authorization}, {@code password}, {@code secret}; every header, parameter and field named in {@link
 * ClientOptions#redactedHeaders()}; and the client's current token wherever it still appears in the text.
 *
 * <p>On when {@link ClientOptions#wireLog()} is set (records at DEBUG), or when the logger accepts TRACE when the
 * client is built (records at TRACE). Thread-safe.
 */
public final class WireLog {
    /** The documented logger of the wire log. */
    public static final String LOGGER = "ai.nodetool.client.wire";
    /** What a secret is replaced by. */
    public static final String REDACTED = "██";

    private static final System.Logger LOG = System.getLogger(LOGGER);
    private static final Set<String> SECRET_HEADERS =
            Set.of("authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key");
    private static final Set<String> SECRET_FIELDS = Set.of(
            "api_key",
            "apikey",
            "auth_token",
            "authtoken",
            "access_token",
            "token",
            "authorization",
            "password",
            "secret",
            "client_secret");

    private final System.Logger.Level level;
    private final int limit;
    private final Set<String> extra;
    private final Supplier<String> token;

    private WireLog(System.Logger.Level level, int limit, Set<String> extra, Supplier<String> token) {
        this.level = level;
        this.limit = limit;
        this.extra = extra;
        this.token = token;
    }

    /**
     * @param options the client's options
     * @return the wire log the options ask for, or null when it is off
     */
    public static WireLog from(ClientOptions options) {
        System.Logger.Level level;
        if (options.wireLog()) {
            level = System.Logger.Level.DEBUG;
        } else if (LOG.isLoggable(System.Logger.Level.TRACE)) {
            level = System.Logger.Level.TRACE;
        } else {
            return null;
        }
        Set<String> extra = new HashSet<>();
        for (String h : options.redactedHeaders()) {
            extra.add(h.toLowerCase(Locale.ROOT));
        }
        return new WireLog(level, options.wireLogBodyLimit(), Set.copyOf(extra), options::token);
    }

    /** @return true when a record would be written now */
    public boolean loggable() {
        return LOG.isLoggable(level);
    }

    /**
     * Writes one record.
     *
     * @param text the record, already redacted; the current token is scrubbed once more
     */
    public void log(String text) {
        LOG.log(level, scrub(text));
    }

    /**
     * @param name a header name
     * @return true when its value is never written
     */
    public boolean isSecretHeader(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return SECRET_HEADERS.contains(n)
                || extra.contains(n)
                || SECRET_FIELDS.contains(n.replace('-', '_'))
                || n.contains("key")
                || n.contains("token")
                || n.contains("secret")
                || n.contains("auth")
                || n.contains("password")
                || n.contains("credential")
                || n.contains("signature");
    }

    private boolean isSecretField(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return SECRET_FIELDS.contains(n) || extra.contains(n) || extra.contains(n.replace('_', '-'));
    }

    /**
     * @param headers headers to write
     * @return one {@code name: value} line each, secrets redacted
     */
    public String headers(Headers headers) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i);
            b.append("\n  ").append(name).append(": ").append(isSecretHeader(name) ? REDACTED : headers.value(i));
        }
        return b.toString();
    }

    /**
     * @param url a URL
     * @return the URL with secret query parameters redacted and no user info
     */
    public String url(HttpUrl url) {
        HttpUrl.Builder b = url.newBuilder().username("").password("").query(null);
        for (int i = 0; i < url.querySize(); i++) { // in order, each secret value replaced
            String name = url.queryParameterName(i);
            b.addQueryParameter(name, isSecretField(name) ? REDACTED : url.queryParameterValue(i));
        }
        return b.build().toString();
    }

    /**
     * @param tree a JSON tree (not modified)
     * @return its JSON text with secret fields redacted, cut at the body limit
     */
    public String json(JsonNode tree) {
        JsonNode copy = tree.deepCopy();
        redact(copy);
        String text;
        try {
            text = Json.mapper().writeValueAsString(copy);
        } catch (IOException e) {
            text = "(unprintable JSON: " + e.getClass().getSimpleName() + ")";
        }
        return cut(text);
    }

    /**
     * @param bytes a body or frame of unknown shape
     * @param msgpack true to decode it as MessagePack, else as UTF-8 JSON
     * @return its redacted JSON text, or a placeholder when it is neither
     */
    public String decoded(byte[] bytes, boolean msgpack) {
        try {
            JsonNode tree = msgpack
                    ? Json.msgpackMapper().readTree(bytes)
                    : Json.mapper().readTree(bytes);
            if (tree != null && !tree.isMissingNode()) {
                return json(tree);
            }
        } catch (IOException | RuntimeException notJson) {
            // fall through: written as text (JSON) or as a size (binary)
        }
        if (msgpack) {
            return "(" + bytes.length + " bytes, not MessagePack)";
        }
        return cut(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * @param text any text body
     * @return the text, JSON redacted when it parses as JSON, cut at the body limit
     */
    public String text(String text) {
        String t = text.strip();
        if (t.startsWith("{") || t.startsWith("[")) {
            try {
                return json(Json.mapper().readTree(t));
            } catch (IOException | RuntimeException notJson) {
                // written as text
            }
        }
        return cut(text);
    }

    /**
     * One message of an HTTP stream (NDJSON line or SSE event), decoded.
     *
     * @param m the message
     */
    public void streamMessage(JobMessage m) {
        if (loggable()) {
            log("<-- stream " + json(m.raw()));
        }
    }

    /**
     * A WebSocket frame.
     *
     * @param outbound true for a frame the client sends
     * @param frame the frame's tree
     */
    public void frame(boolean outbound, JsonNode frame) {
        if (loggable()) {
            log((outbound ? "--> ws " : "<-- ws ") + json(frame));
        }
    }

    /**
     * A WebSocket frame as received.
     *
     * @param binary true for a binary (MessagePack) frame
     * @param bytes the payload
     */
    public void inboundFrame(boolean binary, byte[] bytes) {
        if (loggable()) {
            log("<-- ws " + (binary ? "binary " : "text ") + decoded(bytes, binary));
        }
    }

    private String cut(String text) {
        if (text.length() <= limit) {
            return text;
        }
        return text.substring(0, limit) + "…(" + (text.length() - limit) + " more chars)";
    }

    private String scrub(String text) {
        String t = token.get();
        if (t == null || t.length() < 4 || text == null) {
            return text;
        }
        return text.replace(t, REDACTED);
    }

    private void redact(JsonNode node) {
        if (node instanceof ObjectNode) {
            ObjectNode o = (ObjectNode) node;
            Iterator<Map.Entry<String, JsonNode>> it = o.properties().iterator();
            List<String> secret = new java.util.ArrayList<>();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (isSecretField(e.getKey()) && !e.getValue().isNull()) {
                    secret.add(e.getKey());
                } else {
                    redact(e.getValue());
                }
            }
            for (String name : secret) {
                o.put(name, REDACTED);
            }
        } else if (node instanceof ArrayNode) {
            for (JsonNode child : node) {
                redact(child);
            }
        }
    }
}
