package ai.nodetool.client.messages;

import ai.nodetool.client.internal.codec.Trees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A job status change. The terminal one may carry the outputs in {@code result}: directly (Gen A/B, {@code {name:[values]}}) or under {@code result.outputs} (Gen C); {@link RunResult#fromJobUpdate(JobUpdate)} normalises both.
 *
 * @param status see PROTOCOL.md §4.7
 * @param message see PROTOCOL.md §4.7
 * @param result see PROTOCOL.md §4.7
 * @param error see PROTOCOL.md §4.7
 * @param duration see PROTOCOL.md §4.7
 * @param queuePosition see PROTOCOL.md §4.7
 * @param errorCode see PROTOCOL.md §4.7
 * @param raw see PROTOCOL.md §4.7
 */
public record JobUpdate(JobStatus status, String message, JsonNode result, String error, Double duration, Long queuePosition, String errorCode, ObjectNode raw) implements JobMessage {
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
