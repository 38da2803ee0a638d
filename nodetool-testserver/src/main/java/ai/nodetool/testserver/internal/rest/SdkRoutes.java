package ai.nodetool.testserver.internal.rest;

import ai.nodetool.testserver.internal.core.AssetStore;
import ai.nodetool.testserver.internal.core.Responses;
import ai.nodetool.testserver.internal.core.SdkSurface;
import ai.nodetool.testserver.internal.core.SdkSurface.SdkException;
import ai.nodetool.testserver.internal.core.ServerState;
import ai.nodetool.testserver.internal.core.Timestamps;
import ai.nodetool.testserver.internal.engine.NodeCatalog;
import ai.nodetool.testserver.internal.net.RequestExchange;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The current generation's SDK v1 REST routes (protocol-notes §11): capabilities, preflight, workflow
 * summaries and interfaces, the node-type inventory, models, temporary uploads, {@code POST /api/assets}
 * and {@code /api/storage/<key>}. Errors of the {@code /api/sdk/v1} routes use the SDK envelope
 * {@code {code, message, retryable, detail}} (the P0 contract, whose {@code detail} the C# SDK reads);
 * the asset and storage routes answer {@code {"detail"}}. Uploads are streamed from the request into the
 * {@link AssetStore}; downloads are streamed from the file. Handlers run on the connection thread.
 */
final class SdkRoutes {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int MAX_JSON_PART = 1 << 20;

    private final ServerState state;
    private final SdkSurface sdk;

    SdkRoutes(ServerState state) {
        this.state = state;
        this.sdk = new SdkSurface(state);
    }

    // ---- SDK v1 discovery and lifecycle

    void capabilities(RequestExchange exchange, Map<String, String> path) throws IOException {
        sdk(exchange, () -> sdk.capabilities());
    }

    void preflight(RequestExchange exchange, Map<String, String> path) throws IOException {
        sdk(exchange, () -> {
            if (!isJson(exchange)) {
                throw new SdkException(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json");
            }
            return sdk.preflight(json(exchange, "INVALID_REQUEST", "Invalid preflight request"));
        });
    }

    void workflowSummaries(RequestExchange exchange, Map<String, String> path) throws IOException {
        sdk(exchange, () -> sdk.workflowSummaries(queryNode(exchange, "limit"), exchange.query("cursor")));
    }

    void workflowInterfaces(RequestExchange exchange, Map<String, String> path) throws IOException {
        sdk(exchange, () -> {
            if (!isJson(exchange)) {
                throw new SdkException(400, "INVALID_INPUT", "Expected 1 to 100 unique workflow ids");
            }
            return sdk.workflowInterfaces(json(exchange, "INVALID_INPUT", "Expected 1 to 100 unique workflow ids"));
        });
    }

    /** Both the P0 path {@code /api/workflows/{id}/interface} and the P8 path under {@code /api/sdk/v1}. */
    void workflowInterface(RequestExchange exchange, Map<String, String> path) throws IOException {
        sdk(exchange, () -> sdk.workflowInterface(path.get("id"), exchange.query("version")));
    }

    void nodeTypes(RequestExchange exchange, Map<String, String> path) throws IOException {
        sdk(exchange, () -> sdk.nodeTypes(queryNode(exchange, "cursor"), queryNode(exchange, "limit")));
    }

    void models(RequestExchange exchange, Map<String, String> path) throws IOException {
        sdk(exchange, () -> sdk.models(exchange.query("scope")));
    }

    void listModelDownloads(RequestExchange exchange, Map<String, String> path) throws IOException {
        sdk(exchange, () -> sdk.modelDownloads());
    }

    /** The test server downloads nothing: the operation is accepted and ends in {@code error} at once. */
    void startModelDownload(RequestExchange exchange, Map<String, String> path) throws IOException {
        try {
            JsonNode body = json(exchange, "INVALID_INPUT", "Invalid model download request");
            if (!body.path("repo_id").isTextual() || !body.path("model_type").isTextual()) {
                throw new SdkException(400, "INVALID_INPUT", "Invalid model download request");
            }
            ObjectNode s = JSON.objectNode();
            s.put("version", "1");
            s.put("operation_id", UUID.randomUUID().toString());
            s.put("scope", body.path("scope").asText("local"));
            s.put("repo_id", body.get("repo_id").asText());
            s.set("path", body.hasNonNull("path") ? body.get("path") : JSON.nullNode());
            s.put("model_type", body.get("model_type").asText());
            s.put("status", "error");
            s.put("downloaded_bytes", 0);
            s.put("total_bytes", 0);
            s.put("downloaded_files", 0);
            s.putArray("current_files");
            s.put("total_files", 0);
            s.put("error", "The NodeTool test server has no model downloads");
            String now = Timestamps.javascript(Instant.now());
            s.put("started_at", now);
            s.put("updated_at", now);
            Responses.json(exchange, 202, s);
        } catch (SdkException e) {
            sdkError(exchange, e);
        }
    }

    void cancelModelDownload(RequestExchange exchange, Map<String, String> path) throws IOException {
        sdkError(exchange, new SdkException(404, "NOT_FOUND", "Model download operation not found"));
    }

    /** {@code GET /api/nodes/metadata}: full metadata of every node type the engine runs, as a JSON array. */
    void nodeMetadata(RequestExchange exchange, Map<String, String> path) throws IOException {
        com.fasterxml.jackson.databind.node.ArrayNode all = JSON.arrayNode();
        NodeCatalog.all().forEach(t -> all.add(NodeCatalog.full(t)));
        Responses.json(exchange, 200, all);
    }

    /** {@code POST /api/sdk/v1/assets/temporary}: one multipart part {@code file}, streamed to the temp store. */
    void temporaryUpload(RequestExchange exchange, Map<String, String> path) throws IOException {
        sdk(exchange, () -> {
            String boundary = Multipart.boundary(exchange.header("content-type"));
            if (boundary == null) {
                throw new SdkException(400, "INVALID_REQUEST", "Expected multipart/form-data");
            }
            AssetStore.Stored[] stored = {null};
            String[] name = {null};
            try (InputStream body = exchange.bodyStream()) {
                Multipart.read(body, boundary, part -> {
                    if (part.name().equals("file") && stored[0] == null) {
                        String type = part.contentType() == null ? "application/octet-stream" : part.contentType();
                        name[0] = part.fileName();
                        stored[0] = putTemporary(part.body(), type);
                    }
                });
            } catch (Multipart.MalformedException e) {
                throw new SdkException(400, "INVALID_REQUEST", "Invalid multipart form data");
            } catch (TooLarge e) {
                throw new SdkException(413, "UPLOAD_TOO_LARGE", e.getMessage());
            }
            if (stored[0] == null) {
                throw new SdkException(400, "INVALID_REQUEST", "Multipart field 'file' is required");
            }
            AssetStore.Stored s = stored[0];
            ObjectNode answer = JSON.objectNode();
            answer.put("version", 1);
            answer.put("uri", "/api/storage/" + s.key());
            String fileName = s.key().substring(s.key().lastIndexOf('/') + 1);
            answer.put("name", name[0] == null || name[0].isEmpty() ? fileName : name[0]);
            answer.put("content_type", s.contentType());
            answer.put("size", s.size());
            answer.putNull("expires_at");
            return answer;
        });
    }

    /** An upload over the limit, unchecked so that it crosses the multipart callback. */
    private static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message, null, false, false);
        }
    }

    private AssetStore.Stored putTemporary(InputStream in, String type) throws IOException {
        try {
            return state.assets().putTemporary(in, type);
        } catch (AssetStore.TooLargeException e) {
            throw new TooLarge(e.getMessage());
        }
    }

    // ---- regular assets and storage

    /**
     * {@code POST /api/assets}: a multipart {@code file} with an optional {@code json} (or {@code asset})
     * part, or a JSON body without bytes (a folder). Errors answer {@code {"detail"}}.
     */
    void createAsset(RequestExchange exchange, Map<String, String> path) throws IOException {
        String id = UUID.randomUUID().toString().replace("-", "");
        String createdAt = Timestamps.javascript(Instant.now());
        String boundary = Multipart.boundary(exchange.header("content-type"));
        if (boundary == null) {
            JsonNode body;
            try (InputStream in = exchange.bodyStream()) {
                body = state.json().readTree(in.readNBytes(MAX_JSON_PART));
            } catch (IOException e) {
                body = null;
            }
            if (body == null
                    || !body.path("name").isTextual()
                    || !body.path("content_type").isTextual()
                    || !body.path("parent_id").isTextual()) {
                Responses.detail(exchange, 400, "Invalid JSON body: name, content_type, and parent_id are required");
                return;
            }
            AssetStore.Stored none =
                    new AssetStore.Stored(id, null, body.get("content_type").asText(), 0, Instant.now());
            ObjectNode asset = state.assets().createAsset(none, id, (ObjectNode) body, createdAt);
            asset.putNull("get_url");
            ObjectNode row = asset.deepCopy();
            row.put("storage_key", "");
            state.assets().putAsset(row);
            Responses.json(exchange, 200, asset);
            return;
        }
        AssetStore.Stored[] stored = {null};
        ObjectNode fields = JSON.objectNode();
        String[] fileName = {null};
        String[] partType = {null};
        try (InputStream body = exchange.bodyStream()) {
            Multipart.read(body, boundary, part -> {
                if ((part.name().equals("json") || part.name().equals("asset")) && part.fileName() == null) {
                    byte[] text = part.body().readNBytes(MAX_JSON_PART);
                    JsonNode parsed = state.json().readTree(text);
                    if (parsed != null && parsed.isObject()) {
                        fields.setAll((ObjectNode) parsed);
                    }
                } else if (part.name().equals("file") && stored[0] == null) {
                    fileName[0] = part.fileName();
                    partType[0] = part.contentType();
                    // The key needs the extension before the name is known: settled from the part's type here.
                    String type = contentType(fileName[0], partType[0]);
                    stored[0] = put("1/" + id + "." + AssetStore.extension(type), part.body(), type);
                }
            });
        } catch (TooLarge e) {
            Responses.detail(exchange, 413, e.getMessage());
            return;
        } catch (IOException e) {
            Responses.detail(exchange, 400, "Invalid multipart form data");
            return;
        }
        if (stored[0] == null) {
            Responses.detail(exchange, 400, "Invalid multipart form data");
            return;
        }
        if (!fields.path("name").isTextual()) {
            fields.put("name", fileName[0] == null ? id : fileName[0]);
        }
        Responses.json(exchange, 200, state.assets().createAsset(stored[0], id, fields, createdAt));
    }

    private AssetStore.Stored put(String key, InputStream in, String type) throws IOException {
        try {
            return state.assets().put(key, in, type);
        } catch (AssetStore.TooLargeException e) {
            throw new TooLarge(e.getMessage());
        }
    }

    /** The content type normalised from the name when it has a known extension, else the part's own. */
    private static String contentType(String name, String partType) {
        String byName = AssetStore.contentTypeOfName(name);
        if (byName != null) {
            return byName;
        }
        return partType == null || partType.isBlank() ? "application/octet-stream" : partType;
    }

    /** {@code GET}/{@code HEAD /api/storage/<key>}: the stored bytes, streamed, with ranges. */
    void storageGet(RequestExchange exchange, Map<String, String> path) throws IOException {
        String key = storageKey(exchange);
        if (key == null) {
            return;
        }
        Optional<AssetStore.Stored> found = state.assets().get(key);
        if (found.isEmpty()) {
            // Gen C's temp storage of run outputs shares the prefix (protocol-notes §10.2).
            if (key.startsWith("temp/") && key.indexOf('/', 5) < 0) {
                var blob = state.tempStorage().get(key.substring(5));
                if (blob.isPresent()) {
                    exchange.respond(
                            200,
                            Map.of("Content-Type", blob.get().contentType()),
                            blob.get().open(),
                            blob.get().length());
                    return;
                }
            }
            Responses.detail(exchange, 404, "Not found");
            return;
        }
        AssetStore.Stored s = found.get();
        Instant modified = s.modified().truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", s.contentType());
        headers.put("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(modified.atZone(ZoneOffset.UTC)));
        headers.put("Accept-Ranges", "bytes");
        headers.put("Cross-Origin-Resource-Policy", "cross-origin");
        String since = exchange.header("if-modified-since");
        if (since != null && exchange.header("range") == null) {
            try {
                ZonedDateTime t = ZonedDateTime.parse(since, DateTimeFormatter.RFC_1123_DATE_TIME);
                if (!modified.isAfter(t.toInstant())) {
                    exchange.respond(304, headers, null);
                    return;
                }
            } catch (DateTimeParseException e) {
                // An unreadable date is ignored, as HTTP says.
            }
        }
        long size = s.size();
        long from = 0;
        long to = size - 1;
        int status = 200;
        String range = exchange.header("range");
        if (range != null && range.startsWith("bytes=") && !range.contains(",")) {
            String spec = range.substring(6).trim();
            int dash = spec.indexOf('-');
            try {
                if (dash < 0) {
                    throw new NumberFormatException();
                }
                String a = spec.substring(0, dash).trim();
                String b = spec.substring(dash + 1).trim();
                if (a.isEmpty()) {
                    long suffix = Long.parseLong(b);
                    from = Math.max(0, size - suffix);
                } else {
                    from = Long.parseLong(a);
                    to = b.isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(b));
                }
                if (from >= size || from > to) {
                    headers.put("Content-Range", "bytes */" + size);
                    Responses.json(exchange, 416, JSON.objectNode().put("detail", "Range Not Satisfiable"), headers);
                    return;
                }
                status = 206;
                headers.put("Content-Range", "bytes " + from + "-" + to + "/" + size);
            } catch (NumberFormatException e) {
                from = 0;
                to = size - 1;
            }
        }
        long length = size == 0 ? 0 : to - from + 1;
        try (InputStream in = java.nio.file.Files.newInputStream(s.file())) {
            in.skipNBytes(from);
            exchange.respond(status, headers, new BoundedStream(in, length), length);
        }
    }

    /** {@code PUT /api/storage/<key>}: the raw body, streamed, {@code 413} over the limit. */
    void storagePut(RequestExchange exchange, Map<String, String> path) throws IOException {
        String key = storageKey(exchange);
        if (key == null) {
            return;
        }
        String type = exchange.header("content-type");
        if (type == null || type.isBlank()) {
            type = Optional.ofNullable(AssetStore.contentTypeOfName(key)).orElse("application/octet-stream");
        }
        try (InputStream in = exchange.bodyStream()) {
            AssetStore.Stored s = state.assets().put(key, in, type);
            ObjectNode answer = JSON.objectNode();
            answer.put("key", s.key());
            answer.put("size", s.size());
            Responses.json(exchange, 200, answer);
        } catch (AssetStore.TooLargeException e) {
            Responses.detail(exchange, 413, e.getMessage());
        }
    }

    /** The key after {@code /api/storage/}; answers {@code 400} and returns null for an unsafe key. */
    private static String storageKey(RequestExchange exchange) throws IOException {
        String p = exchange.path();
        String key = p.substring(p.indexOf("/api/storage/") + "/api/storage/".length());
        if (key.endsWith("/")) {
            key = key.substring(0, key.length() - 1);
        }
        if (key.isEmpty() || key.startsWith("/") || key.contains("..") || key.contains("\\")) {
            Responses.detail(exchange, 400, "Invalid storage key");
            return null;
        }
        return key;
    }

    // ---- helpers

    @FunctionalInterface
    private interface SdkCall {
        ObjectNode call() throws IOException;
    }

    private static void sdk(RequestExchange exchange, SdkCall call) throws IOException {
        ObjectNode body;
        try {
            body = call.call();
        } catch (SdkException e) {
            sdkError(exchange, e);
            return;
        }
        Responses.json(exchange, 200, body);
    }

    /** The P0 envelope: {@code {code, message, retryable, detail}} with {@code detail} = {@code message}. */
    static void sdkError(RequestExchange exchange, SdkException e) throws IOException {
        ObjectNode body = JSON.objectNode();
        body.put("code", e.code());
        body.put("message", e.getMessage());
        body.put("retryable", e.retryable());
        body.put("detail", e.getMessage());
        Responses.json(exchange, e.status(), body);
    }

    private static boolean isJson(RequestExchange exchange) {
        String type = exchange.header("content-type");
        return type != null && type.toLowerCase(Locale.ROOT).trim().startsWith("application/json");
    }

    private JsonNode json(RequestExchange exchange, String code, String message) {
        try (InputStream in = exchange.bodyStream()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            JsonNode node = state.json().readTree(bytes.toByteArray());
            if (node == null || node.isMissingNode()) {
                throw new SdkException(400, code, message);
            }
            return node;
        } catch (IOException e) {
            throw new SdkException(400, code, message);
        }
    }

    private static JsonNode queryNode(RequestExchange exchange, String name) {
        String v = exchange.query(name);
        return v == null ? null : TextNode.valueOf(v);
    }

    /** At most {@code left} bytes of {@code in}. */
    private static final class BoundedStream extends InputStream {
        private final InputStream in;
        private long left;

        BoundedStream(InputStream in, long left) {
            this.in = in;
            this.left = left;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
