package ai.nodetool.testserver.internal.ws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The frames one WebSocket job produced, for {@code NodeToolTestServer.framesSent}: the newest
 * {@code capacity} of them (a ring), so that a firehose job of millions of frames holds a bounded
 * number. Thread-safe.
 */
final class FrameLog {
    private final ArrayDeque<JsonNode> frames = new ArrayDeque<>();
    private final int capacity;

    /** @param capacity the most frames kept, at least 0 */
    FrameLog(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(JsonNode frame) {
        if (capacity == 0) {
            return;
        }
        if (frames.size() == capacity) {
            frames.removeFirst();
        }
        frames.addLast(frame);
    }

    synchronized int size() {
        return frames.size();
    }

    synchronized void clear() {
        frames.clear();
    }

    /** Deep copies of the kept frames, oldest first. */
    synchronized List<JsonNode> copy() {
        List<JsonNode> copy = new ArrayList<>(frames.size());
        for (JsonNode frame : frames) {
            copy.add(frame.deepCopy());
        }
        return copy;
    }
}
