package ai.nodetool.client.internal.workflows;

import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.internal.json.Trees;
import ai.nodetool.client.workflows.Workflow;
import ai.nodetool.client.workflows.WorkflowPage;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Parses listing bodies {@code {"workflows":[…], "next":…}} (a bare array is accepted too). */
final class Pages {
    private Pages() {}

    static WorkflowPage parse(JsonNode body, String what) {
        JsonNode list;
        String next = null;
        if (body.isArray()) {
            list = body;
        } else if (body.isObject()
                && body.get("workflows") != null
                && body.get("workflows").isArray()) {
            list = body.get("workflows");
            next = Trees.scalarText(body, "next");
        } else {
            throw new NodeToolProtocolException(
                    what + ": expected {\"workflows\": [...], \"next\": ...} but got " + abbreviate(body.toString()));
        }
        List<Workflow> workflows = new ArrayList<>(list.size());
        for (JsonNode w : list) {
            workflows.add(workflow(w, what));
        }
        return new WorkflowPage(workflows, next == null || next.isEmpty() ? null : next);
    }

    static Workflow workflow(JsonNode body, String what) {
        if (!body.isObject()) {
            throw new NodeToolProtocolException(what + ": expected a workflow object but got "
                    + body.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + " "
                    + abbreviate(body.toString()));
        }
        return Workflow.fromJson(body);
    }

    static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
