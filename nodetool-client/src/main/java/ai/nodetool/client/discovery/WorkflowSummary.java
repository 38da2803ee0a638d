package ai.nodetool.client.discovery;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One entry of {@code GET /api/sdk/v1/workflows} (protocol-notes §11.6).
 *
 * @param id workflow id
 * @param name workflow name
 * @param description description, may be empty
 * @param revision the workflow's {@code updated_at} (ISO-8601), or null
 * @param registryRevision the node registry revision it was checked against, or null
 * @param runMode {@code workflow}, {@code chat}, ... or null
 * @param raw the entry as received
 */
public record WorkflowSummary(
        String id,
        String name,
        String description,
        String revision,
        Long registryRevision,
        String runMode,
        ObjectNode raw) {}
