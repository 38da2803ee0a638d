package ai.nodetool.client.internal.http;

import ai.nodetool.client.internal.events.WireLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.GzipSource;
import okio.Okio;

/**
 * The last network interceptor, when the wire log is on: writes each request as it goes out (line, headers with
 * credentials redacted, a JSON or text body up to the limit) and each response head and body. A streamed response
 * (NDJSON, SSE) is not read here: its messages are logged one by one as the stream decodes them. Bodies that are
 * one-shot, binary, multipart or larger than 1 MiB are named by size only.
 */
final class WireLogInterceptor implements Interceptor {
    private static final long MAX_BUFFERED = 1024 * 1024;

    private final WireLog wire;
    private final int limit;

    WireLogInterceptor(WireLog wire, int limit) {
        this.wire = wire;
        this.limit = limit;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        if (!wire.loggable()) {
            return chain.proceed(request);
        }
        wire.log("--> " + request.method() + " " + wire.url(request.url()) + wire.headers(request.headers())
                + requestBody(request.body()));
        long start = System.nanoTime();
        Response response;
        try {
            response = chain.proceed(request);
        } catch (IOException e) {
            wire.log("<-- failed " + request.method() + " " + wire.url(request.url()) + ": " + e);
            throw e;
        }
        wire.log("<-- " + response.code() + " " + response.message() + " "
                + wire.url(response.request().url()) + " ("
                + (System.nanoTime() - start) / 1_000_000 + " ms)" + wire.headers(response.headers())
                + responseBody(response));
        return response;
    }

    private String requestBody(RequestBody body) throws IOException {
        if (body == null) {
            return "";
        }
        long length = body.contentLength();
        if (!isText(body.contentType()) || body.isOneShot() || body.isDuplex() || length < 0 || length > MAX_BUFFERED) {
            return "\n  (" + (length < 0 ? "streamed" : length + "-byte") + " body of type " + body.contentType()
                    + " not logged)";
        }
        Buffer buffer = new Buffer();
        body.writeTo(buffer);
        return "\n" + wire.text(buffer.readString(StandardCharsets.UTF_8));
    }

    private String responseBody(Response response) throws IOException {
        ResponseBody body = response.body();
        MediaType type = body.contentType();
        String subtype = type == null ? "" : type.subtype().toLowerCase(Locale.ROOT);
        if (subtype.contains("ndjson") || subtype.contains("event-stream")) {
            return "\n  (stream: messages are logged as they are read)";
        }
        if (!isText(type) && type != null) {
            return "\n  (" + body.contentLength() + "-byte body of type " + type + " not logged)";
        }
        long peek = Math.min(MAX_BUFFERED, Math.max(limit, 1) * 4L);
        byte[] bytes;
        if ("gzip".equalsIgnoreCase(response.header("Content-Encoding"))) {
            try (BufferedSource gz = Okio.buffer(new GzipSource(Okio.source(
                    new java.io.ByteArrayInputStream(response.peekBody(peek).bytes()))))) {
                bytes = gz.readByteArray();
            } catch (IOException cut) {
                return "\n  (gzip body not logged)";
            }
        } else {
            bytes = response.peekBody(peek).bytes();
        }
        return bytes.length == 0 ? "" : "\n" + wire.text(new String(bytes, StandardCharsets.UTF_8));
    }

    private static boolean isText(MediaType type) {
        if (type == null) {
            return true;
        }
        String t = type.type().toLowerCase(Locale.ROOT);
        String s = type.subtype().toLowerCase(Locale.ROOT);
        return "text".equals(t) || s.contains("json") || s.contains("x-www-form-urlencoded") || s.contains("xml");
    }
}
