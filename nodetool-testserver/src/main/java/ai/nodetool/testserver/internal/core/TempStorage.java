package ai.nodetool.testserver.internal.core;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gen C's temporary media storage: bytes a run produced, served at
 * {@code /api/storage/temp/<uuid>.<ext>} (protocol-notes §10.2, "temp_url").
 */
public final class TempStorage {
    /** One stored blob. */
    public record Blob(byte[] bytes, String contentType) {}

    private final Map<String, Blob> blobs = new ConcurrentHashMap<>();

    /**
     * Stores bytes and returns the path they are served at, e.g. {@code /api/storage/temp/<uuid>.png}.
     */
    public String put(byte[] bytes, String contentType) {
        String name = UUID.randomUUID() + "." + extension(contentType);
        blobs.put(name, new Blob(bytes.clone(), contentType));
        return "/api/storage/temp/" + name;
    }

    /** The blob stored under a file name such as {@code <uuid>.png}. */
    public Optional<Blob> get(String fileName) {
        return Optional.ofNullable(blobs.get(fileName));
    }

    /** The MIME type for an asset ref {@code type} (protocol-notes §10.1 canonical encodings). */
    public static String contentTypeFor(String assetType) {
        switch (assetType == null ? "" : assetType) {
            case "image":
                return "image/png";
            case "audio":
                return "audio/mpeg";
            case "video":
                return "video/mp4";
            case "text":
                return "text/plain";
            default:
                return "application/octet-stream";
        }
    }

    private static String extension(String contentType) {
        switch (contentType) {
            case "image/png":
                return "png";
            case "audio/mpeg":
                return "mp3";
            case "video/mp4":
                return "mp4";
            case "text/plain":
                return "txt";
            default:
                return "bin";
        }
    }
}
