package ai.nodetool.testserver.internal.core;

import ai.nodetool.testserver.internal.engine.BytePattern;
import ai.nodetool.testserver.internal.engine.PatternBinaryNode;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gen C's temporary media storage: bytes a run produced, served at
 * {@code /api/storage/temp/<uuid>.<ext>} (protocol-notes §10.2, "temp_url"). A workload's pattern
 * payload is stored as its length only and generated while it is served.
 */
public final class TempStorage {
    /** One stored blob: {@code bytes}, or, when that is null, {@code patternLength} pattern bytes. */
    public record Blob(byte[] bytes, long patternLength, String contentType) {
        /** The number of bytes served. */
        public long length() {
            return bytes != null ? bytes.length : patternLength;
        }

        /** The content, from the start. */
        public InputStream open() {
            return bytes != null ? new ByteArrayInputStream(bytes) : BytePattern.stream(patternLength);
        }
    }

    private final Map<String, Blob> blobs = new ConcurrentHashMap<>();

    /**
     * Stores bytes and returns the path they are served at, e.g. {@code /api/storage/temp/<uuid>.png}.
     */
    public String put(byte[] bytes, String contentType) {
        return put(new Blob(bytes.clone(), 0, contentType));
    }

    /** Stores a binary JSON value (a pattern payload as its length only); see {@link #put(byte[], String)}. */
    public String put(JsonNode binary, String contentType) {
        if (binary instanceof PatternBinaryNode pattern) {
            return put(new Blob(null, pattern.length(), contentType));
        }
        try {
            return put(new Blob(binary.binaryValue(), 0, contentType));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a binary value", e);
        }
    }

    private String put(Blob blob) {
        String name = UUID.randomUUID() + "." + extension(blob.contentType());
        blobs.put(name, blob);
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
