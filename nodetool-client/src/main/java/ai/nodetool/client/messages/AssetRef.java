package ai.nodetool.client.messages;

import ai.nodetool.client.internal.json.DataUriNode;
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
    /** Content on this machine that the SDK uploads (or inlines) before a run; null for a wire value. */
    private final LocalContent local;

    private AssetRef(ObjectNode raw) {
        this(raw, null);
    }

    private AssetRef(ObjectNode raw, LocalContent local) {
        this.raw = raw;
        this.local = local;
    }

    /** A file or byte array given by the caller, with its name and content type. */
    private static final class LocalContent {
        final java.nio.file.Path file;
        final byte[] bytes;
        final String name;
        final String contentType;

        LocalContent(java.nio.file.Path file, byte[] bytes, String name, String contentType) {
            this.file = file;
            this.bytes = bytes;
            this.name = name;
            this.contentType = contentType;
        }

        boolean sameAs(LocalContent o) {
            return java.util.Objects.equals(file, o.file)
                    && java.util.Arrays.equals(bytes, o.bytes)
                    && name.equals(o.name)
                    && contentType.equals(o.contentType);
        }
    }

    /**
     * A local file to use as a run input: {@code Map.of("image", AssetRef.of(path))}. The file is not read
     * here. When a run of this SDK (blocking, streamed or {@code JobSession.runJob}) meets the reference in its
     * params, it first uploads the file (a temporary upload where the server offers one, else
     * {@code POST /api/assets}) or, on a server without SDK v1 routes, sends it inline as a {@code data:} URI;
     * docs/getting-started.md ("Media in") explains how the client chooses. The content type is guessed
     * from the file name's extension ({@code application/octet-stream} when unknown).
     *
     * @param file a readable regular file
     * @return a local reference; its {@link #type()} follows the content type ({@code image/*} gives
     *     {@code image}, and so on)
     */
    public static AssetRef of(java.nio.file.Path file) {
        java.util.Objects.requireNonNull(file, "file");
        String name = fileName(file);
        return of(file, guessContentType(name));
    }

    /**
     * As {@link #of(java.nio.file.Path)} with an explicit content type.
     *
     * @param file a readable regular file
     * @param contentType its MIME type, e.g. {@code image/png}
     * @return a local reference
     */
    public static AssetRef of(java.nio.file.Path file, String contentType) {
        java.util.Objects.requireNonNull(file, "file");
        java.util.Objects.requireNonNull(contentType, "contentType");
        return local(new LocalContent(file, null, fileName(file), contentType));
    }

    /**
     * Bytes in memory to use as a run input (see {@link #of(java.nio.file.Path)}).
     *
     * @param bytes the content (copied)
     * @param contentType its MIME type, e.g. {@code image/png}
     * @return a local reference named {@code upload.<ext>}
     */
    public static AssetRef of(byte[] bytes, String contentType) {
        java.util.Objects.requireNonNull(bytes, "bytes");
        java.util.Objects.requireNonNull(contentType, "contentType");
        return local(new LocalContent(null, bytes.clone(), "upload" + extensionOf(contentType), contentType));
    }

    private static AssetRef local(LocalContent content) {
        ObjectNode node = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        node.put("type", mediaTypeOf(content.contentType));
        node.put("uri", "");
        node.putNull("asset_id");
        node.putNull("data");
        node.putNull("metadata");
        return new AssetRef(node, content);
    }

    private static String fileName(java.nio.file.Path file) {
        java.nio.file.Path name = file.getFileName();
        return name == null ? "upload" : name.toString();
    }

    /**
     * @param name a file name
     * @return the MIME type its extension suggests, else {@code application/octet-stream}
     */
    static String guessContentType(String name) {
        int dot = name.lastIndexOf('.');
        String mime =
                dot < 0 ? null : MIME_BY_EXTENSION.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        return mime == null ? "application/octet-stream" : mime;
    }

    /**
     * @param contentType a MIME type
     * @return {@code .ext} for a known type (e.g. {@code .png}), else empty
     */
    static String extensionOf(String contentType) {
        String bare = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (bare.equals("image/jpeg")) {
            return ".jpg";
        }
        for (Map.Entry<String, String> e : MIME_BY_EXTENSION.entrySet()) {
            if (e.getValue().equals(bare)) {
                return "." + e.getKey();
            }
        }
        return "";
    }

    /**
     * @param contentType a MIME type
     * @return the media {@code type} NodeTool uses for it: {@code image}, {@code audio}, {@code video},
     *     {@code text} or {@code document}
     */
    static String mediaTypeOf(String contentType) {
        String bare = contentType.toLowerCase(Locale.ROOT);
        if (bare.startsWith("image/")) {
            return "image";
        }
        if (bare.startsWith("audio/")) {
            return "audio";
        }
        if (bare.startsWith("video/")) {
            return "video";
        }
        if (bare.startsWith("text/")) {
            return "text";
        }
        return "document";
    }

    /**
     * @return true for a reference made by {@link #of(java.nio.file.Path)} or {@link #of(byte[], String)}: its
     *     content is on this machine and is uploaded (or inlined) by the run that uses it
     */
    public boolean isLocal() {
        return local != null;
    }

    /** @return the file of a reference made by {@link #of(java.nio.file.Path)}, else empty */
    public Optional<java.nio.file.Path> localFile() {
        return local == null ? Optional.empty() : Optional.ofNullable(local.file);
    }

    /** @return the file name a local reference is uploaded under, else empty */
    public Optional<String> localName() {
        return local == null ? Optional.empty() : Optional.of(local.name);
    }

    /**
     * The wire form, used when an AssetRef is serialised (for example inside run params). A local reference
     * has no wire form until it is uploaded: serialising it directly fails.
     *
     * @return the JSON object
     * @throws IllegalStateException for a local reference
     */
    @com.fasterxml.jackson.annotation.JsonValue
    JsonNode toWire() {
        if (local != null) {
            throw new IllegalStateException("the local asset '" + local.name
                    + "' has not been uploaded: pass it in the params of a run of this SDK, or upload it with"
                    + " client.assets() first");
        }
        return raw;
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
    @com.fasterxml.jackson.annotation.JsonCreator(mode = com.fasterxml.jackson.annotation.JsonCreator.Mode.DELEGATING)
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
        return bytesOf(raw, local);
    }

    /**
     * Writes the inline content ({@code data}, or a {@code data:} URI) to {@code out} without another copy
     * where the SDK kept it as bytes: a large base64 {@code data:} URI from a JSON run answer is held decoded
     * (in blocks), and is written from there. This is what {@code client.assets().download(asset, file)}
     * uses for inline content.
     *
     * @param out receives the content (not closed)
     * @return the number of bytes written, or -1 when the content is only reachable by URL
     * @throws java.io.IOException from {@code out}
     */
    public long writeInlineTo(java.io.OutputStream out) throws java.io.IOException {
        if (local == null && raw.get("uri") instanceof DataUriNode && Trees.bytes(Trees.nonNull(raw, "data")) == null) {
            return ((DataUriNode) raw.get("uri")).writeBytes(out);
        }
        Optional<byte[]> inline = bytes();
        if (inline.isEmpty()) {
            return -1;
        }
        out.write(inline.get());
        return inline.get().length;
    }

    private static Optional<byte[]> bytesOf(ObjectNode raw, LocalContent local) {
        if (local != null) {
            return local.bytes == null ? Optional.empty() : Optional.of(local.bytes.clone());
        }
        byte[] data = Trees.bytes(Trees.nonNull(raw, "data"));
        if (data != null) {
            return Optional.of(data);
        }
        if (raw.get("uri") instanceof DataUriNode) {
            return Optional.of(((DataUriNode) raw.get("uri")).bytes());
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
        if (local != null) {
            return Optional.of(local.contentType);
        }
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
        if (!(o instanceof AssetRef)) {
            return false;
        }
        AssetRef other = (AssetRef) o;
        if ((local == null) != (other.local == null) || (local != null && !local.sameAs(other.local))) {
            return false;
        }
        return Trees.equivalent(raw, other.raw);
    }

    @Override
    public int hashCode() {
        return Trees.hash(raw);
    }

    @Override
    public String toString() {
        if (local != null) {
            return "AssetRef{type=" + type() + ", local="
                    + (local.file != null ? local.file : local.bytes.length + " bytes") + ", contentType="
                    + local.contentType + "}";
        }
        byte[] data = Trees.bytes(Trees.nonNull(raw, "data"));
        String uri = Trees.text(raw, "uri");
        if (uri != null && uri.length() > 64) {
            uri = uri.substring(0, 64) + "...";
        }
        return "AssetRef{type=" + type() + ", uri=" + uri + ", assetId="
                + assetId().orElse(null) + (data == null ? "" : ", data=" + data.length + " bytes") + "}";
    }
}
