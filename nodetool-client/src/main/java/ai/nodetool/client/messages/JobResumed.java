package ai.nodetool.client.messages;

import ai.nodetool.client.internal.json.Trees;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Replay header after {@code reconnect_job} (protocol-notes §9.1): the frames with {@code job_seq > last_seq} the client sent follow.
 *
 * @param status {@code running} or {@code finished}
 * @param lastSeq the server's last {@code job_seq} ({@code last_seq}), or null
 * @param replayCount how many frames are replayed ({@code replay_count}), or null
 * @param replayIncomplete true when older frames were dropped from the replay buffer
 * @param raw the decoded object; read-only
 */
public record JobResumed(String status, Long lastSeq, Long replayCount, boolean replayIncomplete, ObjectNode raw)
        implements JobMessage {
    /** Wire type of this message. */
    public static final String TYPE = "job_resumed";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JobResumed && Trees.equivalent(raw, ((JobResumed) o).raw);
    }

    @Override
    public int hashCode() {
        return Trees.hash(raw);
    }
}
