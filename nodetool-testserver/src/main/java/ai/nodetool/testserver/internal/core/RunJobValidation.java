package ai.nodetool.testserver.internal.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Set;

/** Gen C's schema check of a {@code run_job}'s data, the RunJobRequest (protocol-notes §7.3). */
final class RunJobValidation {
    private RunJobValidation() {}

    /** Checks the field types; returns {@code "data.<path>: <issue>"} for the first problem, or null. */
    static String problem(ObjectNode data) {
        String[] strings = {"job_id", "workflow_id", "job_type", "user_id", "auth_token", "api_url", "job_name"};
        for (String field : strings) {
            String p = expect(data, field, "string");
            if (p != null) {
                return p;
            }
        }
        for (String field : new String[] {"graph", "params", "env", "resource_limits", "execution_options"}) {
            String p = expect(data, field, "object");
            if (p != null) {
                return p;
            }
        }
        for (String field : new String[] {"explicit_types", "require_terminal_result", "concurrent"}) {
            String p = expect(data, field, "boolean");
            if (p != null) {
                return p;
            }
        }
        JsonNode graph = data.get("graph");
        if (graph != null && graph.isObject()) {
            for (String field : new String[] {"nodes", "edges"}) {
                if (!graph.path(field).isArray()) {
                    return "data.graph." + field + ": Expected array, received " + typeName(graph.get(field));
                }
            }
        }
        JsonNode options = data.get("execution_options");
        if (options != null && options.isObject()) {
            String p = enumValue(options, "persistence", Set.of("job", "session"));
            p = p != null ? p : enumValue(options, "event_detail", Set.of("full", "outputs", "terminal"));
            p = p != null ? p : enumValue(options, "asset_persistence", Set.of("auto", "temporary"));
            if (p != null) {
                return p;
            }
        }
        JsonNode strategy = data.get("execution_strategy");
        if (strategy != null
                && !strategy.isNull()
                && !Set.of("threaded", "subprocess", "docker").contains(strategy.asText())) {
            return "data.execution_strategy: Invalid enum value";
        }
        return null;
    }

    /** The JSON type name a Zod message uses ({@code undefined} for a missing value). */
    static String typeName(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "undefined";
        }
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static String expect(ObjectNode data, String field, String type) {
        JsonNode value = data.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        boolean ok = switch (type) {
            case "string" -> value.isTextual();
            case "object" -> value.isObject();
            default -> value.isBoolean();
        };
        return ok ? null : "data." + field + ": Expected " + type + ", received " + typeName(value);
    }

    private static String enumValue(JsonNode options, String field, Set<String> allowed) {
        JsonNode value = options.get(field);
        if (value == null || value.isNull() || (value.isTextual() && allowed.contains(value.asText()))) {
            return null;
        }
        return "data.execution_options." + field + ": Invalid enum value";
    }
}
