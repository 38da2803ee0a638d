package ai.nodetool.client.messages;

import ai.nodetool.client.internal.json.Trees;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.OptionalLong;

/**
 * One message of a running job, as delivered by every transport (NDJSON, SSE, WebSocket):
 * one record per message type of protocol-notes §8.1, and {@link UnknownMessage} for any other
 * {@code type}.
 *
 * <p>Every message keeps the object it was decoded from ({@link #raw()}), so fields this SDK
 * does not model are never lost, and absent and {@code null} stay distinguishable. Equality is
 * by logical content of that object: the same message decoded from MessagePack and from JSON is
 * equal (a {@code bin} value equals the JSON array of the same bytes; see {@link AssetRef}).
 *
 * <p>Records are immutable except that {@link #raw()} returns the message's own tree: treat it
 * as read-only.
 */
public sealed interface JobMessage
        permits JobUpdate,
                NodeUpdate,
                NodeProgress,
                OutputUpdate,
                PreviewUpdate,
                EdgeUpdate,
                LogUpdate,
                Notification,
                ErrorMessage,
                Chunk,
                JobResumed,
                Prediction,
                Ping,
                SdkExecutionTarget,
                JobCompleted,
                JobFailed,
                WorkerComplete,
                CommandReply,
                UnknownMessage {

    /** @return the wire {@code type} string, e.g. {@code "job_update"} */
    String type();

    /**
     * @return the object the message was decoded from (for the SSE form
     *     {@code {"type":"job_update","data":{…}}}, the inner object with {@code type} added);
     *     read-only, never null
     */
    ObjectNode raw();

    /** @return the {@code job_id}, or null when absent */
    default String jobId() {
        return Trees.text(raw(), "job_id");
    }

    /**
     * @return the {@code workflow_id}, or null when absent. On {@link EdgeUpdate} Gen C puts the
     *     job id here (a kernel quirk, protocol-notes §8.1)
     */
    default String workflowId() {
        return Trees.text(raw(), "workflow_id");
    }

    /** @return the per-job sequence number Gen C stamps on {@code /ws} frames (protocol-notes §9.1) */
    default OptionalLong jobSeq() {
        Long seq = Trees.longValue(raw(), "job_seq");
        return seq == null ? OptionalLong.empty() : OptionalLong.of(seq);
    }
}
