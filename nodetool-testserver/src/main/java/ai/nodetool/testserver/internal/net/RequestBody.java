package ai.nodetool.testserver.internal.net;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A request body as the connection read it: in memory up to {@link #MEMORY_LIMIT} bytes, beyond that
 * spooled to a temporary file, so that a large upload never sits in the heap. The file is deleted by
 * {@link #close()} when the exchange ends. Used by the connection thread only.
 */
final class RequestBody implements AutoCloseable {
    /** Bodies up to this size stay in memory. */
    static final int MEMORY_LIMIT = 1 << 20;

    private static final RequestBody EMPTY = new RequestBody(new byte[0], null, 0);

    private final byte[] bytes; // null when spooled
    private final Path file; // null when in memory
    private final long length;

    private RequestBody(byte[] bytes, Path file, long length) {
        this.bytes = bytes;
        this.file = file;
        this.length = length;
    }

    static RequestBody of(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new RequestBody(bytes, null, bytes.length);
    }

    long length() {
        return length;
    }

    /** The whole body in memory (a copy); reads the spool file when there is one. */
    byte[] bytes() {
        if (file == null) {
            return bytes.clone();
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh stream over the body. */
    InputStream open() throws IOException {
        return file == null ? new ByteArrayInputStream(bytes) : Files.newInputStream(file);
    }

    @Override
    public void close() {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A temp file left behind is harmless; the OS cleans its temp directory.
            }
        }
    }

    /** Collects a body: in memory until it passes {@link #MEMORY_LIMIT}, then in a temporary file. */
    static final class Sink extends OutputStream {
        private ByteArrayOutputStream memory = new ByteArrayOutputStream();
        private Path file;
        private OutputStream out;
        private long length;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (out == null && memory.size() + (long) len > MEMORY_LIMIT) {
                file = Files.createTempFile("nodetool-testserver-body-", ".bin");
                out = Files.newOutputStream(file);
                memory.writeTo(out);
                memory = null;
            }
            if (out != null) {
                out.write(b, off, len);
            } else {
                memory.write(b, off, len);
            }
            length += len;
        }

        /** The collected body; the sink must not be used afterwards. */
        RequestBody finish() throws IOException {
            if (out == null) {
                return of(memory.toByteArray());
            }
            out.close();
            return new RequestBody(null, file, length);
        }

        /** Drops what was collected (the body could not be read completely). */
        void discard() {
            try {
                if (out != null) {
                    out.close();
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                // nothing more to do
            }
        }
    }
}
