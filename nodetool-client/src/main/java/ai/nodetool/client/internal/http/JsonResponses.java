package ai.nodetool.client.internal.http;

import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.errors.ResponseTooLargeException;
import ai.nodetool.client.internal.codec.MessageCodec;
import ai.nodetool.client.internal.json.DataUriStripper;
import ai.nodetool.client.internal.json.TreeReader;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
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

    /** The most of a non-JSON body read to describe it. */
    private static final long NON_JSON_PREVIEW_BYTES = 64 * 1024;

    /**
     * Reads a response as JSON and closes it. The body is parsed as it arrives, never held whole: a large
     * base64 {@code data:} URI in it is decoded straight into a {@link
     * ai.nodetool.client.internal.json.DataUriNode} ({@link DataUriStripper}).
     *
     * @param call the call that produced it (to report a cancellation as such)
     * @param response any response
     * @param emptyAllowed true when an empty body or 204 is a valid answer
     * @param errors the client's error mapping
     * @param limit the longest body read (decompressed), else {@code ResponseTooLargeException}
     * @param maxStringLength the longest string value in characters, else {@code ResponseTooLargeException}
     * @return the tree (NullNode for an allowed empty body)
     */
    static JsonNode read(
            Call call, Response response, boolean emptyAllowed, ErrorMapper errors, long limit, int maxStringLength) {
        Request request = response.request();
        try (Response r = response) {
            if (!r.isSuccessful()) {
                throw errors.httpError(r);
            }
            long declared = r.body().contentLength();
            if (declared > limit) {
                throw BoundedBodies.tooLarge(r, limit, "declared Content-Length " + declared);
            }
            MediaType type = r.body().contentType();
            if (r.code() == 204 || (type != null && !isJson(type))) {
                byte[] bytes;
                try {
                    // Only for the error's preview and the empty check: never buffer a large non-JSON body
                    // (the body cap is sized for streamed JSON, not for holding a hostile page whole).
                    bytes = BoundedBodies.prefix(r, Math.min(limit, NON_JSON_PREVIEW_BYTES));
                } catch (IOException e) {
                    throw errors.ioFailure(e, call, true);
                }
                if (bytes.length == 0 || r.code() == 204) {
                    return empty(request, r, emptyAllowed);
                }
                String what = "html".equals(type.subtype()) ? "an HTML page" : "Content-Type " + type;
                throw new NodeToolProtocolException(ErrorMapper.describe(request) + ": expected JSON but got " + what
                        + " (HTTP " + r.code() + "): " + errors.scrub(MessageCodec.preview(bytes)));
            }
            Capped body = new Capped(r.body().byteStream(), r, limit);
            DataUriStripper stripper = new DataUriStripper(body);
            JsonParser p = null;
            try {
                p = factory(maxStringLength).createParser(stripper);
                JsonToken first = p.nextToken();
                if (first == null) {
                    return empty(request, r, emptyAllowed);
                }
                JsonNode tree = TreeReader.read(p, first, stripper::string);
                if (p.nextToken() != null) {
                    throw new NodeToolProtocolException(ErrorMapper.describe(request)
                            + ": Malformed JSON: more than one value in the body (HTTP " + r.code() + ")");
                }
                return tree;
            } catch (StreamConstraintsException e) {
                throw new ResponseTooLargeException(
                        ErrorMapper.describe(request) + ": " + e.getOriginalMessage()
                                + " (ClientOptions.maxJsonStringLength is " + maxStringLength + " characters)",
                        maxStringLength);
            } catch (JsonEOFException e) {
                body.drainToLimit(); // a body over the limit is reported as such, malformed or not
                throw new NodeToolProtocolException(
                        ErrorMapper.describe(request) + ": Truncated JSON (ended after " + body.count + " bytes): "
                                + errors.scrub(e.getOriginalMessage()),
                        e);
            } catch (JsonProcessingException e) {
                body.drainToLimit();
                throw new NodeToolProtocolException(
                        ErrorMapper.describe(request) + ": Malformed JSON: " + errors.scrub(e.getOriginalMessage()), e);
            } catch (IOException e) {
                throw errors.ioFailure(e, call, true);
            } finally {
                // Closed only now: the handlers above may still read the body (drainToLimit).
                closeQuietly(p);
            }
        }
    }

    private static void closeQuietly(JsonParser p) {
        if (p != null) {
            try {
                p.close();
            } catch (IOException ignored) {
                // The response is closed by the caller's try-with-resources anyway.
            }
        }
    }

    private static JsonNode empty(Request request, Response r, boolean emptyAllowed) {
        if (emptyAllowed) {
            return NullNode.getInstance();
        }
        throw new NodeToolProtocolException(
                ErrorMapper.describe(request) + ": empty response body (HTTP " + r.code() + "), expected JSON");
    }

    /** The shared JSON factory, or a copy of it with another string limit. */
    private static JsonFactory factory(int maxStringLength) {
        JsonFactory shared = MessageCodec.json().getFactory();
        if (shared.streamReadConstraints().getMaxStringLength() == maxStringLength) {
            return shared;
        }
        return shared.copy()
                .setStreamReadConstraints(shared.streamReadConstraints()
                        .rebuild()
                        .maxStringLength(maxStringLength)
                        .build());
    }

    /** The body, failing with {@code ResponseTooLargeException} one byte past the limit. */
    private static final class Capped extends FilterInputStream {
        private final Response response;
        private final long limit;
        long count;

        Capped(InputStream in, Response response, long limit) {
            super(in);
            this.response = response;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        /**
         * After a parse error: reads on, discarding, so that a body over the limit (a gzip bomb of zeros,
         * say) fails with {@code ResponseTooLargeException} as it did when bodies were read whole; never
         * reads more than the limit.
         */
        void drainToLimit() {
            byte[] skip = new byte[8192];
            try {
                while (read(skip, 0, skip.length) >= 0) {
                    // discard
                }
            } catch (IOException e) {
                // The parse error is the one to report.
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, (int) Math.min(len, limit + 1 - count));
            if (n > 0) {
                count += n;
                if (count > limit) {
                    throw BoundedBodies.tooLarge(response, limit, "more than " + limit + " bytes");
                }
            }
            return n;
        }
    }

    private static boolean isJson(MediaType type) {
        String sub = type.subtype().toLowerCase(Locale.ROOT);
        return sub.equals("json") || sub.endsWith("+json");
    }
}
