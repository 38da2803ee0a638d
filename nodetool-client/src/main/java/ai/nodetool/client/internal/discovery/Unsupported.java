package ai.nodetool.client.internal.discovery;

import ai.nodetool.client.errors.NodeToolHttpException;
import ai.nodetool.client.errors.UnsupportedByServerException;
import ai.nodetool.client.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * Tells "this route does not exist on this server" from "this resource does not exist", and names the
 * server generation from the shape of the answer (protocol-notes §2.3, §11.3).
 *
 * <ul>
 *   <li>FastAPI's {@code 404 {"detail":"Not Found"}}: a legacy server (Gen A/B).
 *   <li>{@code 404 {"detail":"Not found"}}: a current server (Gen C) without the route (no SDK v1 surface,
 *       or no REST job routes).
 *   <li>P8's {@code 404 {"code":"NOT_FOUND","message":"SDK endpoint not found"}} and P0's
 *       {@code 405 {"detail":"Method not allowed"}}: a current server whose SDK v1 lacks the route.
 *   <li>A {@code 404} with any other body ({@code WORKFLOW_NOT_FOUND}, {@code "Job not found"}) is a
 *       missing resource and stays a {@code NotFoundException}.
 * </ul>
 */
public final class Unsupported {
    /** The label of a legacy server. */
    public static final String LEGACY = "legacy (Gen A/B)";
    /** The label of a current server lacking a route. */
    public static final String CURRENT = "current (Gen C)";
    /** The label when the answer does not tell. */
    public static final String UNKNOWN = "unknown generation, route missing";

    private Unsupported() {}

    /**
     * @param e an HTTP failure
     * @return the generation label when {@code e} says the route is missing, else null
     */
    public static String routeMissing(NodeToolHttpException e) {
        int status = e.statusCode();
        if (status != 404 && status != 405) {
            return null;
        }
        JsonNode body = parse(e.rawBody());
        if (body == null || !body.isObject()) {
            return status == 404 ? UNKNOWN : null;
        }
        JsonNode code = body.get("code");
        if (code != null && code.isTextual()) {
            return "NOT_FOUND".equals(code.asText()) ? CURRENT : null;
        }
        JsonNode detail = body.get("detail");
        if (detail != null && detail.isTextual()) {
            String text = detail.asText();
            if (text.equals("Not Found")) {
                return LEGACY;
            }
            if (text.equals("Not found") || text.toLowerCase(Locale.ROOT).equals("method not allowed")) {
                return CURRENT;
            }
            return null;
        }
        JsonNode error = body.get("error");
        if (error != null && error.isTextual() && error.asText().equals("Not Found")) {
            return CURRENT; // Fastify's own 404 on P0 (protocol-notes §11.3)
        }
        return null;
    }

    /**
     * @param e an HTTP failure of a call needing {@code feature}
     * @param feature what the call needed
     * @return an {@link UnsupportedByServerException} when the route is missing, else {@code e} itself
     */
    public static RuntimeException map(NodeToolHttpException e, String feature) {
        String generation = routeMissing(e);
        return generation == null ? e : new UnsupportedByServerException(feature, generation, e);
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return Json.mapper().readTree(body);
        } catch (java.io.IOException | RuntimeException ex) {
            return null;
        }
    }
}
