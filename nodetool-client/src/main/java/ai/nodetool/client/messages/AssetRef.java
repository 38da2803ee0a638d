package ai.nodetool.client.messages;

import ai.nodetool.client.internal.json.Trees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A typed view of a media value {@code {type, uri, asset_id, data, metadata}} (protocol-notes §10.1).
 *
 * <p>The same asset reaches the client in different shapes: raw MessagePack {@code bin} in
 * {@code data} (Gen A/B binary WebSocket), an array of integers (JSON text mode), a
 * {@code data:} URI (Gen A REST and worker, Gen C text mode) or a plain URL (Gen C binary mode).
 * {@link #bytes()} returns the inline bytes for the first three. Equality compares the
 * logical value, so the MessagePack and JSON forms of the same asset are equal.
 * Immutable and thread-safe.
 */
public final class AssetRef {
    /** Media {@code type} values that mark an object as an asset reference. */
    public static final Set<String> ASSET_TYPES =
            Set.of("image", "audio", "video", "text", "document", "model_3d", "folder", "dataframe", "asset");

    private static final Map<String, String> MIME_BY_EXTENSION = Map.ofEntries(
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"), Map.entry("svg", "image/svg+xml"),
            Map.entry("mp3", "audio/mpeg"), Map.entry("wav", "audio/wav"),
            Map.entry("ogg", "audio/ogg"), Map.entry("mp4", "video/mp4"),
            Map.entry("webm", "video/webm"), Map.entry("txt", "text/plain"),
            Map.entry("json", "application/json"), Map.entry("pdf", "application/pdf"));

    private final ObjectNode raw;

    private AssetRef(ObjectNode raw) {
        this.raw = raw;
    }

    /**
     * @param node any value
     * @return true when {@code node} is an object whose {@code type} is a media type and which has
     *     at least one of {@code uri}, {@code asset_id} or {@code data}
     */
    public static boolean isAssetRef(JsonNode node) {
        if (node == null || !node.isObject()) {
            return false;
        }
        String type = Trees.text(node, "type");
        return type != null
                && ASSET_TYPES.contains(type)
                && (node.has("uri") || node.has("asset_id") || node.has("data"));
    }

    /**
     * @param node an asset-shaped object (see {@link #isAssetRef(JsonNode)})
     * @return the typed view (the node is copied)
     * @throws IllegalArgumentException if the node is not asset-shaped
     */
    public static AssetRef of(JsonNode node) {
        if (!isAssetRef(node)) {
            throw new IllegalArgumentException(
                    "not an asset reference: needs a media 'type' and uri, asset_id or data");
        }
        return new AssetRef(((ObjectNode) node).deepCopy());
    }

    /** @return the media type ({@code image}, {@code audio}, {@code video}, ...) */
    public String type() {
        return Trees.text(raw, "type");
    }

    /** @return the URI ({@code asset://}, {@code http(s)://}, {@code data:} ...) when not empty */
    public Optional<String> uri() {
        String uri = Trees.text(raw, "uri");
        return uri == null || uri.isEmpty() ? Optional.empty() : Optional.of(uri);
    }

    /** @return the persisted asset id, when present */
    public Optional<String> assetId() {
        return Optional.ofNullable(Trees.scalarText(raw, "asset_id"));
    }

    /**
     * The inline content: {@code data} as {@code bin} or as an array of integers, else the payload
     * of a {@code data:} URI (base64 or percent-encoded).
     *
     * @return a fresh copy of the bytes, or empty when the content is only reachable by URL
     */
    public Optional<byte[]> bytes() {
        byte[] data = Trees.bytes(Trees.nonNull(raw, "data"));
        if (data != null) {
            return Optional.of(data);
        }
        String uri = Trees.text(raw, "uri");
        if (uri != null && uri.regionMatches(true, 0, "data:", 0, 5)) {
            int comma = uri.indexOf(',');
            if (comma < 0) {
                return Optional.empty();
            }
            String header = uri.substring(5, comma).toLowerCase(Locale.ROOT);
            String payload = uri.substring(comma + 1);
            if (header.endsWith(";base64")) {
                try {
                    return Optional.of(Base64.getMimeDecoder().decode(payload));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
            return Optional.of(URLDecoder.decode(payload.replace("+", "%2B"), StandardCharsets.UTF_8)
                    .getBytes(StandardCharsets.UTF_8));
        }
        return Optional.empty();
    }

    /**
     * @return the MIME type: from a {@code data:} URI, else guessed from the URI's file extension,
     *     else empty
     */
    public Optional<String> mimeType() {
        String uri = Trees.text(raw, "uri");
        if (uri == null || uri.isEmpty()) {
            return Optional.empty();
        }
        if (uri.regionMatches(true, 0, "data:", 0, 5)) {
            int end = uri.indexOf(',');
            String header = end < 0 ? uri.substring(5) : uri.substring(5, end);
            String mime = header.split(";", 2)[0];
            return mime.isEmpty() ? Optional.of("text/plain") : Optional.of(mime);
        }
        String path = uri.split("[?#]", 2)[0];
        int dot = path.lastIndexOf('.');
        if (dot < 0 || dot < path.lastIndexOf('/')) {
            return Optional.empty();
        }
        return Optional.ofNullable(MIME_BY_EXTENSION.get(path.substring(dot + 1).toLowerCase(Locale.ROOT)));
    }

    /** @return the {@code metadata} object, when present and not null */
    public Optional<JsonNode> metadata() {
        return Optional.ofNullable(Trees.nonNull(raw, "metadata"));
    }

    /** @return a copy of the object this view was built from (extra keys such as {@code duration} included) */
    public ObjectNode raw() {
        return raw.deepCopy();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AssetRef && Trees.equivalent(raw, ((AssetRef) o).raw);
    }

    @Override
    public int hashCode() {
        return Trees.hash(raw);
    }

    @Override
    public String toString() {
        byte[] data = Trees.bytes(Trees.nonNull(raw, "data"));
        String uri = Trees.text(raw, "uri");
        if (uri != null && uri.length() > 64) {
            uri = uri.substring(0, 64) + "...";
        }
        return "AssetRef{type=" + type() + ", uri=" + uri + ", assetId="
                + assetId().orElse(null) + (data == null ? "" : ", data=" + data.length + " bytes") + "}";
    }
}
