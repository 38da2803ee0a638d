package ai.nodetool.testserver.internal.ws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last N frames of one Gen C job, kept for {@code reconnect_job} (protocol-notes §9.1). A
 * ring: when full, the oldest frame is evicted, and a replay that would have needed it is reported
 * {@code replay_incomplete}. Not thread-safe: guarded by its job.
 */
final class ReplayBuffer {
    /** What a replay from {@code lastSeq} yields. */
    record Replay(List<JsonNode> frames, boolean incomplete) {}

    private final int capacity;
    private final Deque<JsonNode> frames = new ArrayDeque<>();
    private long evictedUpTo; // highest job_seq evicted so far, 0 when none

    ReplayBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    /** Adds a frame stamped with {@code job_seq}; seqs must increase. */
    void add(JsonNode frame) {
        if (frames.size() == capacity) {
            evictedUpTo = frames.removeFirst().path("job_seq").asLong();
        }
        frames.addLast(frame);
    }

    /** How many frames are buffered. */
    int size() {
        return frames.size();
    }

    /** The buffered frames with {@code job_seq > lastSeq}, oldest first. */
    Replay after(long lastSeq) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode frame : frames) {
            if (frame.path("job_seq").asLong() > lastSeq) {
                out.add(frame);
            }
        }
        return new Replay(out, evictedUpTo > lastSeq);
    }
}
