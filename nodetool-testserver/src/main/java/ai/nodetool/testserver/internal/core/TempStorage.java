package ai.nodetool.testserver.internal.core;

import ai.nodetool.testserver.internal.engine.BytePattern;
import ai.nodetool.testserver.internal.engine.PatternBinaryNode;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.UUID;

/**
 * Gen C's temporary media storage: bytes a run produced, served at
 * {@code /api/storage/temp/<uuid>.<ext>} (protocol-notes §10.2, "temp_url"). A workload's pattern
 * payload is stored as its length only and generated while it is served.
 *
 * <p>Bounded, as NodeTool's temp storage expires too: at most {@code maxFiles} blobs holding at most
 * {@code maxBytes} bytes in memory (pattern blobs count 0), each for at most {@code ttl}; the oldest
 * go first. Expiry is checked on every store and lookup, so no timer is needed. Thread-safe.
 */
public final class TempStorage {
    /** One stored blob: {@code bytes}, or, when that is null, {@code patternLength} pattern bytes. */
    public record Blob(byte[] bytes, long patternLength, String contentType, long storedNanos) {
        /** The number of bytes served. */
        public long length() {
            return bytes != null ? bytes.length : patternLength;
        }

        /** The content, from the start. */
        public InputStream open() {
            return bytes != null ? new ByteArrayInputStream(bytes) : BytePattern.stream(patternLength);
        }
    }

    /** Default most blobs kept. */
    public static final int DEFAULT_MAX_FILES = 1000;
    /** Default most bytes kept in memory: 256 MiB. */
    public static final long DEFAULT_MAX_BYTES = 256L << 20;
    /** Default longest time a blob is kept: 10 minutes. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

    private final LinkedHashMap<String, Blob> blobs = new LinkedHashMap<>(); // guarded by this, oldest first
    private long bytesHeld; // guarded by this
    private int maxFiles = DEFAULT_MAX_FILES;
    private long maxBytes = DEFAULT_MAX_BYTES;
    private long ttlNanos = DEFAULT_TTL.toNanos();

    /** Sets the bounds (see the class comment); applied from the next store or lookup. */
    public synchronized void limits(int files, long bytes, Duration ttl) {
        if (files < 1 || bytes < 0 || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("temp media limits out of range");
        }
        this.maxFiles = files;
        this.maxBytes = bytes;
        this.ttlNanos = ttl.toNanos();
    }

    /** The number of blobs kept now. */
    public synchronized int size() {
        expire(System.nanoTime());
        return blobs.size();
    }

    /** Forgets every blob. */
    public synchronized void clear() {
        blobs.clear();
        bytesHeld = 0;
    }

    /**
     * Stores bytes and returns the path they are served at, e.g. {@code /api/storage/temp/<uuid>.png}.
     */
    public String put(byte[] bytes, String contentType) {
        return put(new Blob(bytes.clone(), 0, contentType, System.nanoTime()));
    }

    /** Stores a binary JSON value (a pattern payload as its length only); see {@link #put(byte[], String)}. */
    public String put(JsonNode binary, String contentType) {
        if (binary instanceof PatternBinaryNode pattern) {
            return put(new Blob(null, pattern.length(), contentType, System.nanoTime()));
        }
        try {
            return put(new Blob(binary.binaryValue(), 0, contentType, System.nanoTime()));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a binary value", e);
        }
    }

    private synchronized String put(Blob blob) {
        String name = UUID.randomUUID() + "." + extension(blob.contentType());
        blobs.put(name, blob);
        bytesHeld += heapBytes(blob);
        expire(blob.storedNanos());
        // The newest blob stays even when it alone is over the byte limit: the run's answer names it.
        Iterator<Blob> oldest = blobs.values().iterator();
        while (blobs.size() > 1 && (blobs.size() > maxFiles || bytesHeld > maxBytes)) {
            bytesHeld -= heapBytes(oldest.next());
            oldest.remove();
        }
        return "/api/storage/temp/" + name;
    }

    /** The blob stored under a file name such as {@code <uuid>.png}. */
    public synchronized Optional<Blob> get(String fileName) {
        expire(System.nanoTime());
        return Optional.ofNullable(blobs.get(fileName));
    }

    private void expire(long now) {
        Iterator<Blob> oldest = blobs.values().iterator();
        while (oldest.hasNext()) {
            Blob blob = oldest.next();
            if (now - blob.storedNanos() <= ttlNanos) {
                return;
            }
            bytesHeld -= heapBytes(blob);
            oldest.remove();
        }
    }

    private static long heapBytes(Blob blob) {
        return blob.bytes() != null ? blob.bytes().length : 0;
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
