package ai.nodetool.testserver.internal.rest;

import ai.nodetool.testserver.internal.net.RequestExchange;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * Reading request bodies and query values the way each generation does, and the errors it gives
 * (protocol-notes §2.1, §2.3): Gen A is FastAPI (strict, 422 with pydantic error lists), Gen C is
 * lenient (a body counts only with a JSON content type; undecodable JSON is {@code 400 Invalid JSON body}).
 */
final class Bodies {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ObjectMapper mapper;

    Bodies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Gen A: a required JSON body. An empty body is a pydantic {@code missing} error, undecodable JSON a
     * {@code json_invalid} error; both 422.
     */
    JsonNode legacyRequired(RequestExchange exchange) {
        byte[] body = exchange.body();
        if (isBlank(body)) {
            throw unprocessable(error("missing", "Field required", JSON.nullNode(), "body"));
        }
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            long offset = where == null ? 0 : Math.max(0, where.getCharOffset());
            ObjectNode err = JSON.objectNode();
            err.put("type", "json_invalid");
            err.putArray("loc").add("body").add(offset);
            err.put("msg", "JSON decode error");
            err.putObject("input");
            err.putObject("ctx").put("error", e.getOriginalMessage());
            throw unprocessable(err);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Gen C: the body, or null when it is absent or not sent as {@code application/json} (protocol-notes §2.1);
     * undecodable JSON is {@code 400 {"detail":"Invalid JSON body"}}.
     */
    JsonNode current(RequestExchange exchange) {
        String type = exchange.header("content-type");
        byte[] body = exchange.body();
        if (type == null || !type.toLowerCase(Locale.ROOT).contains("application/json") || isBlank(body)) {
            return null;
        }
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            throw HttpError.detail(400, "Invalid JSON body");
        }
    }

    /**
     * Gen A: an optional integer query parameter; a value that is not an integer is a 422
     * {@code int_parsing} error as FastAPI gives.
     */
    static Integer legacyInt(RequestExchange exchange, String name) {
        String raw = exchange.query(name);
        if (raw == null) {
            return null;
        }
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw unprocessable(error(
                    "int_parsing",
                    "Input should be a valid integer, unable to parse string as an integer",
                    JSON.textNode(raw),
                    "query",
                    name));
        }
    }

    /** Gen A: an optional boolean query parameter, parsed as pydantic does ({@code true/1/yes/on}…). */
    static boolean legacyBool(RequestExchange exchange, String name) {
        String raw = exchange.query(name);
        if (raw == null) {
            return false;
        }
        switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true":
            case "1":
            case "yes":
            case "on":
            case "t":
            case "y":
                return true;
            case "false":
            case "0":
            case "no":
            case "off":
            case "f":
            case "n":
                return false;
            default:
                throw unprocessable(error(
                        "bool_parsing",
                        "Input should be a valid boolean, unable to interpret input",
                        JSON.textNode(raw),
                        "query",
                        name));
        }
    }

    /** Gen A: a required string query parameter; missing is a 422 {@code missing} error. */
    static String legacyRequiredQuery(RequestExchange exchange, String name) {
        String raw = exchange.query(name);
        if (raw == null) {
            throw unprocessable(error("missing", "Field required", JSON.nullNode(), "query", name));
        }
        return raw;
    }

    /** Gen C: a positive integer query parameter, else {@code fallback}; capped at {@code max}. */
    static int currentLimit(RequestExchange exchange, String name, int fallback, int max) {
        String raw = exchange.query(name);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            return value <= 0 ? fallback : Math.min(value, max);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** One pydantic v2 error entry: {@code {type, loc, msg, input}}. */
    static ObjectNode error(String type, String msg, JsonNode input, Object... loc) {
        ObjectNode err = JSON.objectNode();
        err.put("type", type);
        ArrayNode where = err.putArray("loc");
        for (Object part : loc) {
            if (part instanceof Integer) {
                where.add((Integer) part);
            } else {
                where.add(String.valueOf(part));
            }
        }
        err.put("msg", msg);
        err.set("input", input == null ? JSON.nullNode() : input);
        return err;
    }

    /** FastAPI's request validation answer: {@code 422 {"detail":[errors…]}} (protocol-notes §2.3). */
    static HttpError unprocessable(ObjectNode... errors) {
        ObjectNode body = JSON.objectNode();
        ArrayNode detail = body.putArray("detail");
        for (ObjectNode e : errors) {
            detail.add(e);
        }
        return new HttpError(422, body, Map.of());
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
