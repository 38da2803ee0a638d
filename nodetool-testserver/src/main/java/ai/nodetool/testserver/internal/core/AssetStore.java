package ai.nodetool.testserver.internal.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Uploaded bytes and asset rows of one server (protocol-notes §11.8, §11.9). Bytes live in files under a
 * private temporary directory, one file per storage key, written straight from the request stream, so an
 * upload is held neither in memory nor twice. Keys are served at {@code /api/storage/<key>}:
 * temporary SDK inputs under {@code temp/sdk-inputs/<uuid>.<ext>}, assets under {@code 1/<id>.<ext>}
 * (owner prefix = the local user {@code "1"}). Everything is deleted by {@link #close()}. Thread-safe.
 */
public final class AssetStore implements AutoCloseable {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** The user every caller is in the test server (Gen C local mode, protocol-notes §11.2). */
    public static final String USER_ID = "1";

    /** Default {@link #maxUploadBytes()}: 512 MiB. */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 512L << 20;

    /** A stored file. */
    public record Stored(String key, Path file, String contentType, long size, Instant modified) {}

    /** An upload that passed {@link #maxUploadBytes()}; nothing was kept. */
    public static final class TooLargeException extends Exception {
        private static final long serialVersionUID = 1L;

        TooLargeException(long limit) {
            super("Upload exceeds the configured " + limit + " byte limit");
        }
    }

    private final long maxUploadBytes;
    private final Map<String, Stored> files = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> assets = new ConcurrentHashMap<>();
    private Path root; // created on first upload

    public AssetStore(long maxUploadBytes) {
        if (maxUploadBytes < 0) {
            throw new IllegalArgumentException("maxUploadBytes must be >= 0");
        }
        this.maxUploadBytes = maxUploadBytes;
    }

    /** The largest accepted upload in bytes ({@code limits.max_upload_bytes} of the capabilities). */
    public long maxUploadBytes() {
        return maxUploadBytes;
    }

    /**
     * Stores what {@code in} yields under {@code key}, streaming it to a file.
     *
     * @throws TooLargeException when more than {@link #maxUploadBytes()} bytes arrive (nothing is kept)
     */
    public Stored put(String key, InputStream in, String contentType) throws IOException, TooLargeException {
        Path file = Files.createTempFile(root(), "blob-", ".bin");
        long size = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                size += n;
                if (size > maxUploadBytes) {
                    throw new TooLargeException(maxUploadBytes);
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException | TooLargeException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        Stored stored = new Stored(key, file, contentType, size, Instant.now());
        Stored old = files.put(key, stored);
        if (old != null) {
            Files.deleteIfExists(old.file());
        }
        return stored;
    }

    /** A temporary SDK input: key {@code temp/sdk-inputs/<uuid>.<ext>}, extension from the content type. */
    public Stored putTemporary(InputStream in, String contentType) throws IOException, TooLargeException {
        return put("temp/sdk-inputs/" + UUID.randomUUID() + "." + extension(contentType), in, contentType);
    }

    /** The file stored under {@code key} (the path after {@code /api/storage/}). */
    public Optional<Stored> get(String key) {
        return Optional.ofNullable(files.get(key));
    }

    /** Adds an asset row (it must have an {@code id}). */
    public void putAsset(ObjectNode asset) {
        assets.put(asset.get("id").asText(), asset.deepCopy());
    }

    /** The asset row with this id. */
    public Optional<ObjectNode> asset(String id) {
        ObjectNode a = assets.get(id);
        return a == null ? Optional.empty() : Optional.of(a.deepCopy());
    }

    /** All asset rows, oldest first. */
    public List<ObjectNode> assets() {
        List<ObjectNode> all = new ArrayList<>();
        assets.values().forEach(a -> all.add(a.deepCopy()));
        all.sort(Comparator.comparing((ObjectNode a) -> a.path("created_at").asText())
                .thenComparing(a -> a.path("id").asText()));
        return all;
    }

    /**
     * Opens the bytes a media reference points at, when they are stored here: a {@code uri} of
     * {@code asset://<id>.<ext>}, {@code /api/storage/<key>} or {@code http(s)://host/api/storage/<key>},
     * or an {@code asset_id}.
     */
    public Optional<InputStream> open(JsonNode ref) throws IOException {
        Optional<Stored> stored = resolve(ref);
        return stored.isEmpty()
                ? Optional.empty()
                : Optional.of(Files.newInputStream(stored.get().file()));
    }

    /** The stored file a media reference points at (see {@link #open}). */
    public Optional<Stored> resolve(JsonNode ref) {
        String uri = ref == null
                ? ""
                : ref.isTextual() ? ref.asText() : ref.path("uri").asText("");
        String key = storageKey(uri);
        if (key != null) {
            return get(key);
        }
        String assetId = null;
        if (uri.startsWith("asset://")) {
            String rest = uri.substring("asset://".length());
            int dot = rest.indexOf('.');
            assetId = dot < 0 ? rest : rest.substring(0, dot);
        } else if (ref != null && ref.path("asset_id").isTextual()) {
            assetId = ref.get("asset_id").asText();
        }
        if (assetId == null) {
            return Optional.empty();
        }
        ObjectNode asset = assets.get(assetId);
        return asset == null ? Optional.empty() : get(asset.path("storage_key").asText(""));
    }

    /** The storage key of a {@code /api/storage/<key>} URI (absolute or relative), else null. */
    public static String storageKey(String uri) {
        String path = uri;
        if (uri.startsWith("http://") || uri.startsWith("https://")) {
            int slash = uri.indexOf('/', uri.indexOf("//") + 2);
            path = slash < 0 ? "/" : uri.substring(slash);
        }
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        return path.startsWith("/api/storage/") ? path.substring("/api/storage/".length()) : null;
    }

    /** Creates an asset row for stored bytes; {@code fields} overrides name, parent and the other columns. */
    public ObjectNode createAsset(Stored stored, String id, ObjectNode fields, String createdAt) {
        ObjectNode a = JSON.objectNode();
        a.put("id", id);
        a.put("user_id", USER_ID);
        a.set("workflow_id", fields.path("workflow_id").isTextual() ? fields.get("workflow_id") : JSON.nullNode());
        a.put("parent_id", fields.path("parent_id").asText(USER_ID));
        a.put("name", fields.path("name").asText(id));
        a.put("content_type", stored.contentType());
        a.put("size", stored.size());
        a.set("metadata", fields.has("metadata") ? fields.get("metadata").deepCopy() : JSON.nullNode());
        a.putNull("sketch_document_id");
        a.put("created_at", createdAt);
        a.put("get_url", "/api/storage/" + stored.key());
        a.putNull("thumb_url");
        a.putNull("duration");
        a.set("node_id", fields.path("node_id").isTextual() ? fields.get("node_id") : JSON.nullNode());
        a.set("job_id", fields.path("job_id").isTextual() ? fields.get("job_id") : JSON.nullNode());
        a.putNull("timeline_id");
        ObjectNode row = a.deepCopy();
        row.put("storage_key", stored.key());
        assets.put(id, row);
        return a;
    }

    /** An asset row as clients see it (without the store's own columns). */
    public static ObjectNode publicView(ObjectNode row) {
        ObjectNode copy = row.deepCopy();
        copy.remove("storage_key");
        return copy;
    }

    /** The file extension NodeTool derives from a content type. */
    public static String extension(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        int semi = type.indexOf(';');
        if (semi >= 0) {
            type = type.substring(0, semi).trim();
        }
        return switch (type) {
            case "image/png" -> "png";
            case "image/jpeg" -> "jpg";
            case "image/gif" -> "gif";
            case "image/webp" -> "webp";
            case "audio/wav", "audio/x-wav", "audio/wave" -> "wav";
            case "audio/mpeg" -> "mp3";
            case "video/mp4" -> "mp4";
            case "text/plain" -> "txt";
            case "application/json" -> "json";
            case "application/pdf" -> "pdf";
            default -> "bin";
        };
    }

    private static final Map<String, String> BY_EXTENSION = new LinkedHashMap<>();

    static {
        BY_EXTENSION.put("png", "image/png");
        BY_EXTENSION.put("jpg", "image/jpeg");
        BY_EXTENSION.put("jpeg", "image/jpeg");
        BY_EXTENSION.put("gif", "image/gif");
        BY_EXTENSION.put("webp", "image/webp");
        BY_EXTENSION.put("wav", "audio/wav");
        BY_EXTENSION.put("mp3", "audio/mpeg");
        BY_EXTENSION.put("mp4", "video/mp4");
        BY_EXTENSION.put("txt", "text/plain");
        BY_EXTENSION.put("json", "application/json");
        BY_EXTENSION.put("pdf", "application/pdf");
    }

    /** The content type for a file name's extension, or null when unknown. */
    public static String contentTypeOfName(String name) {
        int dot = name == null ? -1 : name.lastIndexOf('.');
        return dot < 0 ? null : BY_EXTENSION.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private synchronized Path root() throws IOException {
        if (root == null) {
            root = Files.createTempDirectory("nodetool-testserver-assets-");
        }
        return root;
    }

    /** Deletes every stored file and the directory. */
    @Override
    public synchronized void close() {
        files.clear();
        assets.clear();
        if (root == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // Leftovers in the temp directory are harmless.
        }
        root = null;
    }
}
