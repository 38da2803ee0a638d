package ai.nodetool.client.assets;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.MultipartReader;
import okio.Buffer;

/** The parts of a recorded multipart request, read with OkHttp's own {@link MultipartReader}. */
final class Multipart {
    /** One part: its headers' Content-Disposition and Content-Type, and its bytes. */
    record Part(String disposition, String contentType, byte[] bytes) {}

    private Multipart() {}

    static Map<String, Part> parts(RecordedRequest request) throws IOException {
        MediaType type = MediaType.get(request.getHeaders().get("Content-Type"));
        String boundary = type.parameter("boundary");
        Buffer body = new Buffer().write(request.getBody());
        Map<String, Part> out = new LinkedHashMap<>();
        try (MultipartReader reader = new MultipartReader(body, boundary)) {
            MultipartReader.Part part;
            while ((part = reader.nextPart()) != null) {
                String disposition = part.headers().get("Content-Disposition");
                String name = disposition.replaceAll("^form-data; name=\"([^\"]*)\".*", "$1");
                out.put(
                        name,
                        new Part(
                                disposition,
                                part.headers().get("Content-Type"),
                                part.body().readByteArray()));
            }
        }
        return out;
    }
}
