package ai.nodetool.testserver.sdk;

import ai.nodetool.testserver.NodeToolTestServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Raw HTTP for the SDK surface tests (the test server never depends on the client). */
final class Rest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String BOUNDARY = "----nodetool-test-boundary-7f3a";

    final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final String baseUrl;
    private String token;

    Rest(NodeToolTestServer server) {
        this(server.baseUrl());
    }

    Rest(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    Rest token(String token) {
        this.token = token;
        return this;
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(120));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    HttpResponse<byte[]> get(String path) {
        return send(request(path).GET().build());
    }

    HttpResponse<byte[]> postJson(String path, String json) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    HttpResponse<byte[]> post(String path, String contentType, byte[] body) {
        return send(request(path)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    }

    /** A multipart upload with one part per {name, filename (or null), content type (or null), bytes}. */
    HttpResponse<byte[]> upload(String path, Object[]... parts) {
        return post(path, "multipart/form-data; boundary=" + BOUNDARY, multipart(parts));
    }

    static byte[] multipart(Object[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object[] p : parts) {
            StringBuilder head = new StringBuilder("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"")
                    .append(p[0])
                    .append('"');
            if (p[1] != null) {
                head.append("; filename=\"").append(p[1]).append('"');
            }
            head.append("\r\n");
            if (p[2] != null) {
                head.append("Content-Type: ").append(p[2]).append("\r\n");
            }
            head.append("\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes((byte[]) p[3]);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<byte[]> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(
                    "not JSON (" + response.statusCode() + "): " + new String(response.body(), StandardCharsets.UTF_8),
                    e);
        }
    }
}
