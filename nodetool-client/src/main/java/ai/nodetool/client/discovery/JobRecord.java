package ai.nodetool.client.discovery;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A stored job ({@code GET /api/jobs/{id}} on legacy servers, protocol-notes §11.10).
 *
 * @param id the job id
 * @param status {@code running}, {@code completed}, {@code failed}, ...
 * @param workflowId the workflow, or null
 * @param startedAt ISO-8601 start, or null
 * @param finishedAt ISO-8601 end, or null
 * @param error the error text, or null
 * @param raw the record as received ({@code cost}, {@code outputs}, ...)
 */
public record JobRecord(
        String id,
        String status,
        String workflowId,
        String startedAt,
        String finishedAt,
        String error,
        ObjectNode raw) {}
