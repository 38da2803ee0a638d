package ai.nodetool.testserver.internal.core;

import java.time.Duration;

/**
 * The faults armed for the next streamed response (an NDJSON or SSE run, or a WebSocket job's
 * event stream). Positions count the messages already sent on that stream; -1 means not armed.
 *
 * @param dropAfter drop the connection after this many messages
 * @param stallAfter pause after this many messages for {@code stallFor}
 * @param stallFor how long to pause
 * @param malformedAfter emit one malformed line/event/frame after this many messages
 * @param oversizeAfter emit one oversize line/event/frame after this many messages
 * @param oversizeBytes size of the oversize item
 */
public record StreamFaults(
        int dropAfter, int stallAfter, Duration stallFor, int malformedAfter, int oversizeAfter, int oversizeBytes) {

    public static final StreamFaults NONE = new StreamFaults(-1, -1, Duration.ZERO, -1, -1, 0);

    public boolean isNone() {
        return dropAfter < 0 && stallAfter < 0 && malformedAfter < 0 && oversizeAfter < 0;
    }

    StreamFaults withDropAfter(int n) {
        return new StreamFaults(n, stallAfter, stallFor, malformedAfter, oversizeAfter, oversizeBytes);
    }

    StreamFaults withStall(int n, Duration d) {
        return new StreamFaults(dropAfter, n, d, malformedAfter, oversizeAfter, oversizeBytes);
    }

    StreamFaults withMalformedAfter(int n) {
        return new StreamFaults(dropAfter, stallAfter, stallFor, n, oversizeAfter, oversizeBytes);
    }

    StreamFaults withOversize(int n, int bytes) {
        return new StreamFaults(dropAfter, stallAfter, stallFor, malformedAfter, n, bytes);
    }
}
