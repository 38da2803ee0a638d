package ai.nodetool.client.messages;

import ai.nodetool.client.internal.json.Trees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A job status change. The terminal one may carry the outputs in {@code result}: directly (Gen A/B, {@code {name:[values]}}) or under {@code result.outputs} (Gen C); {@link RunResult#fromJobUpdate(JobUpdate)} normalises both.
 *
 * @param status the job status
 * @param message the {@code message} text, or null
 * @param result the {@code result} object, or null when absent or null
 * @param error the error text ({@code error}), or null
 * @param duration run time in seconds ({@code duration}), or null
 * @param queuePosition 1-based {@code queue_position} while queued, or null
 * @param errorCode machine-readable {@code error_code} (e.g. INVALID_INPUT), or null
 * @param raw the decoded object; read-only
 */
public record JobUpdate(
        JobStatus status,
        String message,
        JsonNode result,
        String error,
        Double duration,
        Long queuePosition,
        String errorCode,
        ObjectNode raw)
        implements JobMessage {
    /** Wire type of this message. */
    public static final String TYPE = "job_update";

    @Override
    public String type() {
        return TYPE;
    }

    /** @return true when the status is terminal */
    public boolean isTerminal() {
        return status.isTerminal();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JobUpdate && Trees.equivalent(raw, ((JobUpdate) o).raw);
    }

    @Override
    public int hashCode() {
        return Trees.hash(raw);
    }
}
