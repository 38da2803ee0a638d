package ai.nodetool.client.internal.http;

import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.internal.codec.MessageCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.util.Locale;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Reads the JSON answer of a non-streamed call: a non-2xx status becomes its HTTP exception, an
 * empty body, an HTML page or another content type becomes a protocol error that says what came
 * instead, and a body that breaks off becomes the mapped I/O failure.
 */
final class JsonResponses {
    private JsonResponses() {}

    /**
     * Reads a response as JSON and closes it.
     *
     * @param call the call that produced it (to report a cancellation as such)
     * @param response any response
     * @param emptyAllowed true when an empty body or 204 is a valid answer
     * @param errors the client's error mapping
     * @param limit the longest body read (decompressed), else {@code ResponseTooLargeException}
     * @return the tree (NullNode for an allowed empty body)
     */
    static JsonNode read(Call call, Response response, boolean emptyAllowed, ErrorMapper errors, long limit) {
        Request request = response.request();
        try (Response r = response) {
            if (!r.isSuccessful()) {
                throw errors.httpError(r);
            }
            byte[] bytes;
            try {
                bytes = BoundedBodies.read(r, limit);
            } catch (IOException e) {
                throw errors.ioFailure(e, call, true);
            }
            if (bytes.length == 0 || r.code() == 204) {
                if (emptyAllowed) {
                    return NullNode.getInstance();
                }
                throw new NodeToolProtocolException(
                        ErrorMapper.describe(request) + ": empty response body (HTTP " + r.code() + "), expected JSON");
            }
            MediaType type = r.body().contentType();
            if (type != null && !isJson(type)) {
                String what = "html".equals(type.subtype()) ? "an HTML page" : "Content-Type " + type;
                throw new NodeToolProtocolException(ErrorMapper.describe(request) + ": expected JSON but got " + what
                        + " (HTTP " + r.code() + "): " + errors.scrub(MessageCodec.preview(bytes)));
            }
            try {
                return MessageCodec.readJson(bytes);
            } catch (NodeToolProtocolException e) {
                throw new NodeToolProtocolException(
                        ErrorMapper.describe(request) + ": " + errors.scrub(e.getMessage()), e.getCause());
            }
        }
    }

    private static boolean isJson(MediaType type) {
        String sub = type.subtype().toLowerCase(Locale.ROOT);
        return sub.equals("json") || sub.endsWith("+json");
    }
}
