package ai.nodetool.client.internal.assets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;

/**
 * Request bodies that OkHttp writes from their source as it sends them, so an upload never holds the
 * whole content in memory: Okio moves it in segments of 8 KiB.
 */
final class StreamingBodies {
    private StreamingBodies() {}

    /**
     * @param file a regular file (read again on each write, so the body can be retried)
     * @param type its content type
     * @return a body of known length
     * @throws UncheckedIOException when the file cannot be read
     */
    static RequestBody file(Path file, MediaType type) {
        long length;
        try {
            length = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("not a regular file: " + file);
        }
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return type;
            }

            @Override
            public long contentLength() {
                return length;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                try (Source source = Okio.source(file)) {
                    sink.writeAll(source);
                }
            }
        };
    }

    /**
     * @param in a stream of unknown length, read once to its end and not closed
     * @param type its content type
     * @return a one-shot body sent with chunked transfer encoding
     */
    static RequestBody stream(InputStream in, MediaType type) {
        AtomicBoolean used = new AtomicBoolean();
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return type;
            }

            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public boolean isOneShot() {
                return true;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                if (!used.compareAndSet(false, true)) {
                    throw new IOException("an InputStream upload can be sent only once");
                }
                sink.writeAll(Okio.source(in)); // not closed: the caller owns the stream
            }
        };
    }
}
