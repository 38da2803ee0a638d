package ai.nodetool.client.internal.http;

import ai.nodetool.client.errors.ResponseTooLargeException;
import java.io.IOException;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * Reads a whole response body with a cap. OkHttp decompresses a gzip body transparently, so the
 * cap counts decompressed bytes, and reading stops one byte past it: a gzip bomb costs the
 * client {@code limit} bytes of memory and the time to inflate them, never more.
 */
final class BoundedBodies {
    private BoundedBodies() {}

    /**
     * @param response a response whose body is read (the caller closes it)
     * @param limit the most bytes accepted
     * @return the body
     * @throws ResponseTooLargeException when the body has more than {@code limit} bytes
     * @throws IOException when reading fails
     */
    static byte[] read(Response response, long limit) throws IOException {
        long declared = response.body().contentLength();
        if (declared > limit) {
            throw tooLarge(response, limit, "declared Content-Length " + declared);
        }
        BufferedSource source = response.body().source();
        if (source.request(limit + 1)) {
            throw tooLarge(response, limit, "more than " + limit + " bytes");
        }
        return source.readByteArray();
    }

    /**
     * @param response a response whose body is read (the caller closes it)
     * @param most the most bytes read
     * @return the body's first {@code most} bytes, or all of a shorter body
     * @throws IOException when reading fails
     */
    static byte[] prefix(Response response, long most) throws IOException {
        BufferedSource source = response.body().source();
        source.request(most);
        return source.readByteArray(Math.min(most, source.getBuffer().size()));
    }

    static ResponseTooLargeException tooLarge(Response response, long limit, String what) {
        return new ResponseTooLargeException(
                ErrorMapper.describe(response.request()) + ": response body too large (" + what
                        + ", decompressed); the limit is " + limit
                        + " bytes (ClientOptions.maxResponseBytes)",
                limit);
    }
}
