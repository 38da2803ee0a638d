package ai.nodetool.client.discovery;

import ai.nodetool.client.internal.json.Trees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a current server offers to SDKs ({@code GET /api/sdk/v1/capabilities}, protocol-notes §11.4).
 * Immutable; {@link #raw()} keeps every field.
 */
public final class Capabilities {
    /** Profile name of temporary uploads ({@code POST /api/sdk/v1/assets/temporary}). */
    public static final String TEMPORARY_ASSET_UPLOAD = "temporary_asset_upload";
    /** Profile name of preflight. */
    public static final String PREFLIGHT = "preflight";
    /** Profile name of discovery (summaries, interfaces, node types). */
    public static final String DISCOVERY = "discovery";

    private final ObjectNode raw;

    private Capabilities(ObjectNode raw) {
        this.raw = raw;
    }

    /**
     * @param json the server's answer
     * @return the typed view
     * @throws IllegalArgumentException if it is not an object
     */
    public static Capabilities fromJson(JsonNode json) {
        Objects.requireNonNull(json, "json");
        if (!json.isObject()) {
            throw new IllegalArgumentException("capabilities must be a JSON object");
        }
        return new Capabilities(((ObjectNode) json).deepCopy());
    }

    /** @return {@code protocol_version} (the string {@code "1"} today), or empty */
    public Optional<String> protocolVersion() {
        return Optional.ofNullable(Trees.scalarText(raw, "protocol_version"));
    }

    /** @return {@code nodetool_version}, e.g. {@code 0.8.1}, or empty */
    public Optional<String> nodetoolVersion() {
        return Optional.ofNullable(Trees.text(raw, "nodetool_version"));
    }

    /** @return {@code profiles}: profile name to status ({@code available}, ...), in server order */
    public Map<String, String> profiles() {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode p = raw.get("profiles");
        if (p != null && p.isObject()) {
            p.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * @param profile a profile name, e.g. {@link #TEMPORARY_ASSET_UPLOAD}
     * @return true when the server reports it {@code available}
     */
    public boolean isAvailable(String profile) {
        return "available".equals(profiles().get(profile));
    }

    /** @return {@code supported_encodings}, e.g. {@code [messagepack, json-text]} */
    public List<String> supportedEncodings() {
        return strings("supported_encodings");
    }

    /** @return {@code auth_modes}, e.g. {@code [trusted_local]} or {@code [bearer]} */
    public List<String> authModes() {
        return strings("auth_modes");
    }

    /** @return {@code asset_uri_schemes}, e.g. {@code [asset]} */
    public List<String> assetUriSchemes() {
        return strings("asset_uri_schemes");
    }

    /** @return {@code registry_revision}, when present */
    public Optional<Long> registryRevision() {
        return Optional.ofNullable(Trees.longValue(raw, "registry_revision"));
    }

    /** @return {@code python_bridge}: {@code ready} or {@code starting}, when present */
    public Optional<String> pythonBridge() {
        return Optional.ofNullable(Trees.text(raw, "python_bridge"));
    }

    /** @return {@code limits.max_upload_bytes}, when present */
    public Optional<Long> maxUploadBytes() {
        return Optional.ofNullable(Trees.longValue(raw.path("limits"), "max_upload_bytes"));
    }

    /** @return {@code limits.max_inline_bytes} (0: no inline size is promised), when present */
    public Optional<Long> maxInlineBytes() {
        return Optional.ofNullable(Trees.longValue(raw.path("limits"), "max_inline_bytes"));
    }

    /** @return {@code execution_options} (optional in the protocol), when present */
    public Optional<JsonNode> executionOptions() {
        return Optional.ofNullable(Trees.nonNull(raw, "execution_options")).map(JsonNode::deepCopy);
    }

    private List<String> strings(String field) {
        List<String> out = new ArrayList<>();
        JsonNode a = raw.get(field);
        if (a != null && a.isArray()) {
            a.forEach(v -> out.add(v.asText()));
        }
        return Collections.unmodifiableList(out);
    }

    /** @return a copy of the server's answer */
    public ObjectNode raw() {
        return raw.deepCopy();
    }

    @Override
    public String toString() {
        return "Capabilities{protocolVersion=" + protocolVersion().orElse(null) + ", nodetoolVersion="
                + nodetoolVersion().orElse(null) + ", profiles=" + profiles() + "}";
    }
}
