package ai.nodetool.client.discovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The answer of a preflight (protocol-notes §11.5).
 *
 * @param runnable false as soon as one issue has severity {@code error}
 * @param level the level checked
 * @param workflowId the workflow
 * @param workflowEtag the workflow's current interface etag
 * @param issues what is wrong or worth a warning
 * @param requirements what the run needs, with its status
 * @param raw the answer as received ({@code cost}, ...)
 */
public record PreflightResult(
        boolean runnable,
        String level,
        String workflowId,
        String workflowEtag,
        List<Issue> issues,
        List<Requirement> requirements,
        ObjectNode raw) {

    /**
     * One issue.
     *
     * @param severity {@code error} or {@code warning}
     * @param code e.g. {@code missing_input}, {@code input_type_mismatch}, {@code execution_likely_queued}
     * @param message the server's text, or null
     * @param raw the issue as received
     */
    public record Issue(String severity, String code, String message, ObjectNode raw) {}

    /**
     * One requirement.
     *
     * @param kind {@code credential}, {@code model}, {@code asset}, {@code worker}, ...
     * @param id its id (for the live runner: the runner id; for capacity: {@code execution-capacity})
     * @param name a display name
     * @param status {@code available}, {@code unavailable} or {@code unknown}
     * @param blocking whether the run cannot start without it
     * @param raw the requirement as received ({@code details}, ...)
     */
    public record Requirement(String kind, String id, String name, String status, boolean blocking, ObjectNode raw) {}
}
