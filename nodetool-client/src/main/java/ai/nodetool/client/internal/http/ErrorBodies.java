package ai.nodetool.client.internal.http;

import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.internal.codec.MessageCodec;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import okhttp3.MediaType;

/** Extracts the server's error text from the error shapes of protocol-notes §2.3. */
final class ErrorBodies {
    private ErrorBodies() {}

    /**
     * @param body the error response body
     * @return the text of {@code detail} (a string, or FastAPI's 422 list joined with "; "),
     *     {@code error} (Gen C 401; a string or an object with {@code message}) or
     *     {@code message} (SDK v1 shape), or null when the body has none
     */
    static String message(String body) {
        String trimmed = body == null ? "" : body.trim();
        if (!trimmed.startsWith("{") && !trimmed.startsWith("\"")) {
            return null;
        }
        JsonNode node;
        try {
            node = MessageCodec.readJson(trimmed.getBytes(StandardCharsets.UTF_8));
        } catch (NodeToolProtocolException e) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        String detail = detail(node.get("detail"));
        if (detail != null) {
            return detail;
        }
        JsonNode error = node.get("error");
        if (error != null && error.isTextual()) {
            String more = node.path("message").isTextual() ? node.get("message").textValue() : null;
            return more == null ? error.textValue() : error.textValue() + ": " + more;
        }
        if (error != null && error.isObject() && error.path("message").isTextual()) {
            return error.get("message").textValue();
        }
        JsonNode message = node.get("message");
        return message != null && message.isTextual() ? message.textValue() : null;
    }

    private static String detail(JsonNode detail) {
        if (detail == null || detail.isNull()) {
            return null;
        }
        if (detail.isTextual()) {
            return detail.textValue();
        }
        if (detail.isArray()) {
            // FastAPI/pydantic: [{"loc":["body","name"],"msg":"field required","type":"..."}]
            List<String> parts = new ArrayList<>();
            for (JsonNode item : detail) {
                String msg = item.path("msg").isTextual() ? item.get("msg").textValue() : item.toString();
                JsonNode loc = item.get("loc");
                if (loc != null && loc.isArray() && loc.size() > 0) {
                    List<String> path = new ArrayList<>();
                    loc.forEach(p -> path.add(p.asText()));
                    parts.add(String.join(".", path) + ": " + msg);
                } else {
                    parts.add(msg);
                }
            }
            return parts.isEmpty() ? null : String.join("; ", parts);
        }
        if (detail.isObject() && detail.path("message").isTextual()) {
            return detail.get("message").textValue();
        }
        return detail.toString();
    }

    static String describeUnparsed(String body, MediaType type) {
        String trimmed = body.trim();
        if (trimmed.isEmpty()) {
            return "empty body";
        }
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if ((type != null && "html".equals(type.subtype()))
                || lower.startsWith("<!doctype")
                || lower.startsWith("<html")) {
            return "HTML error page" + title(trimmed);
        }
        String oneLine = trimmed.replaceAll("\\s+", " ");
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
    }

    private static String title(String html) {
        int start = html.toLowerCase(Locale.ROOT).indexOf("<title>");
        int end = html.toLowerCase(Locale.ROOT).indexOf("</title>");
        if (start >= 0 && end > start) {
            return " '" + html.substring(start + 7, end).trim() + "'";
        }
        return "";
    }

    static String reason(int code) {
        switch (code) {
            case 400:
                return "Bad Request";
            case 401:
                return "Unauthorized";
            case 403:
                return "Forbidden";
            case 404:
                return "Not Found";
            case 405:
                return "Method Not Allowed";
            case 408:
                return "Request Timeout";
            case 409:
                return "Conflict";
            case 422:
                return "Unprocessable Entity";
            case 429:
                return "Too Many Requests";
            case 500:
                return "Internal Server Error";
            case 501:
                return "Not Implemented";
            case 502:
                return "Bad Gateway";
            case 503:
                return "Service Unavailable";
            case 504:
                return "Gateway Timeout";
            default:
                return "";
        }
    }
}
