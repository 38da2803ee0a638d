package ai.nodetool.client.internal.assets;

import ai.nodetool.client.assets.AssetsService;
import ai.nodetool.client.assets.UploadOptions;
import ai.nodetool.client.assets.UploadedAsset;
import ai.nodetool.client.errors.NodeToolException;
import ai.nodetool.client.errors.NodeToolHttpException;
import ai.nodetool.client.internal.codec.MessageCodec;
import ai.nodetool.client.internal.discovery.Unsupported;
import ai.nodetool.client.internal.http.HttpCaller;
import ai.nodetool.client.messages.AssetRef;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import okio.BufferedSource;
import okio.Okio;

/** Uploads ({@code POST /api/assets}, {@code POST /api/sdk/v1/assets/temporary}) and streamed downloads. */
public final class DefaultAssetsService implements AssetsService {
    static final String TEMPORARY_FEATURE = "temporary asset upload (POST /api/sdk/v1/assets/temporary)";
    static final String ASSETS_FEATURE = "asset upload (POST /api/assets)";

    private static final Map<String, String> MIME_BY_EXTENSION = Map.ofEntries(
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("mp3", "audio/mpeg"),
            Map.entry("wav", "audio/wav"),
            Map.entry("ogg", "audio/ogg"),
            Map.entry("mp4", "video/mp4"),
            Map.entry("webm", "video/webm"),
            Map.entry("txt", "text/plain"),
            Map.entry("json", "application/json"),
            Map.entry("pdf", "application/pdf"));

    private final HttpCaller http;

    /** @param http the client's HTTP plumbing */
    public DefaultAssetsService(HttpCaller http) {
        this.http = http;
    }

    // ---- uploads ----

    @Override
    public UploadedAsset upload(Path file) {
        return upload(file, UploadOptions.builder().build());
    }

    @Override
    public UploadedAsset upload(Path file, UploadOptions options) {
        return fromFile(false, file, options);
    }

    @Override
    public UploadedAsset upload(byte[] bytes, UploadOptions options) {
        return fromBytes(false, bytes, options);
    }

    @Override
    public UploadedAsset upload(InputStream content, UploadOptions options) {
        return fromStream(false, content, options);
    }

    @Override
    public UploadedAsset uploadTemporary(Path file) {
        return uploadTemporary(file, UploadOptions.builder().build());
    }

    @Override
    public UploadedAsset uploadTemporary(Path file, UploadOptions options) {
        return fromFile(true, file, options);
    }

    @Override
    public UploadedAsset uploadTemporary(byte[] bytes, UploadOptions options) {
        return fromBytes(true, bytes, options);
    }

    @Override
    public UploadedAsset uploadTemporary(InputStream content, UploadOptions options) {
        return fromStream(true, content, options);
    }

    // One body per source, the same for stored and temporary uploads: a file is written from disk with its
    // length, bytes as they are, a stream chunked (read once, never retried).

    private UploadedAsset fromFile(boolean temporary, Path file, UploadOptions options) {
        Objects.requireNonNull(file, "file");
        String name = options.name().orElse(fileName(file));
        String type = options.contentType().orElse(guess(name));
        return send(temporary, name, type, StreamingBodies.file(file, MediaType.get(type)), options);
    }

    private UploadedAsset fromBytes(boolean temporary, byte[] bytes, UploadOptions options) {
        Objects.requireNonNull(bytes, "bytes");
        String name = options.name().orElse("upload");
        String type = options.contentType().orElse(guess(name));
        return send(temporary, name, type, RequestBody.create(bytes, MediaType.get(type)), options);
    }

    private UploadedAsset fromStream(boolean temporary, InputStream content, UploadOptions options) {
        Objects.requireNonNull(content, "content");
        String name = options.name().orElse("upload");
        String type = options.contentType().orElse(guess(name));
        return send(temporary, name, type, StreamingBodies.stream(content, MediaType.get(type)), options);
    }

    /**
     * Uploads the content of a local reference (see {@link AssetRef#of(Path)}).
     *
     * @param local a local reference
     * @param temporary which route
     * @return the upload
     */
    UploadedAsset upload(AssetRef local, boolean temporary) {
        String name = local.localName().orElse("upload");
        String type = local.mimeType().orElse(guess(name));
        RequestBody body = local.localFile().isPresent()
                ? StreamingBodies.file(local.localFile().get(), MediaType.get(type))
                : RequestBody.create(local.bytes().orElseThrow(), MediaType.get(type));
        return send(temporary, name, type, body, UploadOptions.builder().build());
    }

    /**
     * Multipart {@code file} part (with a file name and content type), plus for a stored asset the
     * {@code json} part when a {@code parent_id} is given (protocol-notes §11.8, §11.9): Gen C files a
     * file-only upload in the caller's home, and rejects a {@code json} part without {@code parent_id};
     * Gen A/B require that part.
     */
    private UploadedAsset send(
            boolean temporary, String name, String contentType, RequestBody content, UploadOptions options) {
        MultipartBody.Builder form = new MultipartBody.Builder().setType(MultipartBody.FORM);
        if (!temporary && options.parentId().isPresent()) {
            ObjectNode json = MessageCodec.json().createObjectNode();
            json.put("name", name);
            json.put("content_type", contentType);
            json.put("parent_id", options.parentId().get());
            options.workflowId().ifPresent(w -> json.put("workflow_id", w));
            options.metadata()
                    .ifPresent(m -> json.set("metadata", MessageCodec.json().valueToTree(m)));
            try {
                form.addFormDataPart("json", MessageCodec.json().writeValueAsString(json));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("metadata cannot be serialised: " + e.getOriginalMessage(), e);
            }
        }
        form.addFormDataPart("file", name, content);
        HttpUrl url =
                temporary ? http.editorUrl("api", "sdk", "v1", "assets", "temporary") : http.editorUrl("api", "assets");
        Request request = http.request(url).post(form.build()).build();
        JsonNode answer;
        try {
            answer = http.executeJson(request, false);
        } catch (NodeToolHttpException e) {
            throw Unsupported.map(e, temporary ? TEMPORARY_FEATURE : ASSETS_FEATURE);
        }
        if (!answer.isObject()) {
            throw new ai.nodetool.client.errors.NodeToolProtocolException(
                    "upload: expected a JSON object but got " + answer.getNodeType());
        }
        return UploadedAsset.of(answer, temporary, mediaTypeOf(contentType));
    }

    // ---- downloads ----

    @Override
    public long download(AssetRef asset, Path file) {
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(file, "file");
        try (OutputStream out = Files.newOutputStream(file)) {
            return download(asset, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long download(AssetRef asset, OutputStream out) {
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(out, "out");
        if (asset.isLocal() && asset.localFile().isPresent()) {
            try {
                return Files.copy(asset.localFile().get(), out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            long written = asset.writeInlineTo(out); // a large data: URI is written from its decoded blocks
            if (written >= 0) {
                return written;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the download: " + e.getMessage(), e);
        }
        String uri = asset.uri()
                .orElseThrow(() -> new IllegalArgumentException(
                        "the " + asset.type() + " asset has no inline content and no URI to download"));
        HttpUrl url = http.urls().asset(uri);
        Request request = http.request(url).header("Accept", "*/*").get().build();
        Call call = http.okHttp().newCall(request);
        Response response;
        try {
            response = call.execute();
        } catch (IOException e) {
            throw http.errors().ioFailure(e, call, false);
        }
        try (Response r = http.checkStatus(response)) {
            BufferedSource source = r.body().source();
            BufferedSink sink = Okio.buffer(Okio.sink(out));
            long total = 0;
            long n;
            try {
                while ((n = source.read(sink.getBuffer(), 64 * 1024)) != -1) {
                    total += n;
                    sink.emitCompleteSegments();
                }
            } catch (IOException e) {
                throw http.errors().ioFailure(e, call, true);
            }
            try {
                sink.flush(); // flushes into `out`, which stays open
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the download: " + e.getMessage(), e);
            }
            return total;
        } catch (NodeToolException e) {
            throw e;
        }
    }

    // ---- helpers ----

    static String fileName(Path file) {
        Path name = file.getFileName();
        return name == null ? "upload" : name.toString();
    }

    static String guess(String name) {
        int dot = name.lastIndexOf('.');
        String mime =
                dot < 0 ? null : MIME_BY_EXTENSION.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        return mime == null ? "application/octet-stream" : mime;
    }

    static String mediaTypeOf(String contentType) {
        String bare = contentType.toLowerCase(Locale.ROOT);
        for (String t : new String[] {"image", "audio", "video", "text"}) {
            if (bare.startsWith(t + "/")) {
                return t;
            }
        }
        return "document";
    }

    @Override
    public ai.nodetool.client.assets.AssetsService withOptions(ai.nodetool.client.core.RequestOptions options) {
        HttpCaller view = http.withOptions(options);
        return view == http ? this : new DefaultAssetsService(view);
    }
}
