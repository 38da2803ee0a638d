package ai.nodetool.testserver.internal.rest;

import ai.nodetool.testserver.internal.core.StreamFaults;
import ai.nodetool.testserver.internal.net.RequestExchange;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.function.IntFunction;

/**
 * Writes the messages of one streamed response (NDJSON lines or SSE events, already framed) and
 * applies the stream faults armed for it. Faults fire when {@code n} messages have been written,
 * before the next message or before the clean end, in this order: stall, malformed item, oversize
 * item, drop. Injected items do not count as messages. Used by the handler thread only.
 */
final class StreamWriter {
    /** The client is gone, or an injected drop cut the connection: stop producing. */
    static final class Gone extends IOException {
        private static final long serialVersionUID = 1L;

        Gone(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final RequestExchange exchange;
    private final OutputStream out;
    private final StreamFaults faults;
    private final byte[] malformed;
    private final IntFunction<byte[]> oversize;
    private final boolean bulk;
    private int count;
    private boolean stalled;
    private boolean malformedSent;
    private boolean oversizeSent;

    /**
     * @param malformed the framed malformed item
     * @param oversize makes one framed, valid item whose payload is the given number of bytes
     * @param bulk true to flush only when the 64 KiB transport buffer fills (firehose), false to flush
     *     every message so clients see it at once
     */
    StreamWriter(
            RequestExchange exchange,
            OutputStream out,
            StreamFaults faults,
            byte[] malformed,
            IntFunction<byte[]> oversize,
            boolean bulk) {
        this.exchange = exchange;
        this.out = out;
        this.faults = faults;
        this.malformed = malformed;
        this.oversize = oversize;
        this.bulk = bulk;
    }

    /** Messages written so far. */
    int count() {
        return count;
    }

    /** Writes one framed message. */
    void send(byte[] message) throws IOException {
        applyFaults();
        try {
            out.write(message);
            count++;
            if (!bulk) {
                out.flush();
            }
        } catch (IOException e) {
            throw new Gone("client went away", e);
        }
    }

    /** Applies faults due at the end, then ends the response properly. */
    void finish() throws IOException {
        applyFaults();
        try {
            out.close();
        } catch (IOException e) {
            throw new Gone("client went away", e);
        }
    }

    private void applyFaults() throws IOException {
        if (faults.isNone()) {
            return;
        }
        try {
            if (!stalled && faults.stallAfter() == count) {
                stalled = true;
                out.flush();
                try {
                    Thread.sleep(faults.stallFor().toMillis());
                } catch (InterruptedException e) {
                    // The server is closing (its pool interrupts handlers).
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("stall interrupted");
                }
            }
            if (!malformedSent && faults.malformedAfter() == count) {
                malformedSent = true;
                out.write(malformed);
                out.flush();
            }
            if (!oversizeSent && faults.oversizeAfter() == count) {
                oversizeSent = true;
                out.write(oversize.apply(faults.oversizeBytes()));
                out.flush();
            }
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            throw new Gone("client went away", e);
        }
        if (faults.dropAfter() == count) {
            exchange.cut();
            throw new Gone("dropped by an injected fault after " + count + " messages", null);
        }
    }
}
