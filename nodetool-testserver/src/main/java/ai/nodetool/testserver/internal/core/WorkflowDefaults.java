package ai.nodetool.testserver.internal.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Fills the metadata NodeTool always has on a stored workflow (protocol-notes §4.1). */
public final class WorkflowDefaults {
    private WorkflowDefaults() {}

    public static ObjectNode fill(ObjectNode workflow) {
        String now = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        if (!workflow.hasNonNull("access")) {
            workflow.put("access", "private");
        }
        if (!workflow.hasNonNull("name")) {
            workflow.put("name", workflow.path("id").asText());
        }
        if (!workflow.hasNonNull("description")) {
            workflow.put("description", "");
        }
        if (!workflow.hasNonNull("tags")) {
            workflow.putArray("tags");
        }
        if (!workflow.hasNonNull("created_at")) {
            workflow.put("created_at", now);
        }
        if (!workflow.hasNonNull("updated_at")) {
            workflow.put("updated_at", now);
        }
        if (!workflow.hasNonNull("graph")) {
            ObjectNode graph = workflow.putObject("graph");
            graph.putArray("nodes");
            graph.putArray("edges");
        }
        if (!workflow.has("settings")) {
            workflow.putNull("settings");
        }
        if (!workflow.hasNonNull("run_mode")) {
            workflow.put("run_mode", "workflow");
        }
        return workflow;
    }
}
