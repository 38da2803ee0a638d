package ai.nodetool.client.assets;

import ai.nodetool.client.messages.AssetRef;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Uploads and downloads of media (protocol-notes §10, §11.8, §11.9). Obtain it from
 * {@code NodeToolClient.assets()}. Thread-safe.
 *
 * <p><b>Streaming.</b> Uploads from a {@link Path} or an {@link InputStream} are written to the socket
 * from the source as OkHttp sends the request; the SDK never holds the whole content in memory. An
 * {@code InputStream} of unknown length is sent with chunked transfer encoding; it is read once, so such an
 * upload is never retried. Downloads to a {@link Path} or an {@link OutputStream} copy the response body in
 * small blocks.
 *
 * <p><b>Which route.</b> {@code upload} creates a stored asset ({@code POST /api/assets}, multipart
 * {@code file}); {@code uploadTemporary} stores bytes without an asset record ({@code POST
 * /api/sdk/v1/assets/temporary}, current servers with SDK v1 only). A run that meets a local
 * {@link AssetRef#of(Path)} in its params picks one itself (see docs/getting-started.md, "Media in").
 *
 * <p>Errors: the HTTP status classes of {@code ai.nodetool.client.errors} (for example a {@code 413
 * UPLOAD_TOO_LARGE} as an {@code UnexpectedStatusException} whose {@code errorCode()} says so), and
 * {@link ai.nodetool.client.errors.UnsupportedByServerException} when the server has no such route.
 */
public interface AssetsService {
    /**
     * A view of this service whose calls apply {@code options} over the client's defaults (see
     * {@code WorkflowsService.withOptions}); it shares the client's connection pool, threads and
     * lifecycle.
     *
     * @param options per-call options: deadline, headers, token, retry limit, another server
     * @return the view ({@code this} when {@code options} sets nothing)
     */
    AssetsService withOptions(ai.nodetool.client.core.RequestOptions options);

    /**
     * Uploads a file as a stored asset, streamed from disk. The content type is guessed from the file
     * name's extension.
     *
     * @param file a readable regular file
     * @return the created asset
     */
    UploadedAsset upload(Path file);

    /**
     * Uploads a file as a stored asset, streamed from disk.
     *
     * @param file a readable regular file
     * @param options name, content type and the optional asset fields ({@code parent_id}, ...)
     * @return the created asset
     */
    UploadedAsset upload(Path file, UploadOptions options);

    /**
     * Uploads bytes as a stored asset.
     *
     * @param bytes the content
     * @param options name and content type at least
     * @return the created asset
     */
    UploadedAsset upload(byte[] bytes, UploadOptions options);

    /**
     * Uploads a stream of unknown length as a stored asset (chunked; the stream is read once, to its end,
     * and not closed).
     *
     * @param content the content
     * @param options name and content type at least
     * @return the created asset
     */
    UploadedAsset upload(InputStream content, UploadOptions options);

    /**
     * Uploads a file to temporary storage ({@code POST /api/sdk/v1/assets/temporary}, protocol-notes §11.8).
     *
     * @param file a readable regular file (content type guessed from its extension)
     * @return the upload; {@link UploadedAsset#temporary()} is true
     * @throws ai.nodetool.client.errors.UnsupportedByServerException on a server without the route
     */
    UploadedAsset uploadTemporary(Path file);

    /**
     * As {@link #uploadTemporary(Path)} with explicit options.
     *
     * @param file a readable regular file
     * @param options name and content type
     * @return the upload
     */
    UploadedAsset uploadTemporary(Path file, UploadOptions options);

    /**
     * As {@link #uploadTemporary(Path)} for bytes in memory.
     *
     * @param bytes the content
     * @param options name and content type
     * @return the upload
     */
    UploadedAsset uploadTemporary(byte[] bytes, UploadOptions options);

    /**
     * As {@link #uploadTemporary(Path)} for a stream of unknown length (chunked, read once, not closed).
     *
     * @param content the content
     * @param options name and content type
     * @return the upload
     */
    UploadedAsset uploadTemporary(InputStream content, UploadOptions options);

    /**
     * Streams the content of a media value to a file, replacing it. Inline content ({@code data}, a
     * {@code data:} URI) is written directly; an {@code http(s)} or server-relative URI is downloaded in
     * blocks without holding the body in memory (the token is sent only to the configured server's origin).
     *
     * @param asset a media value from a run result or message
     * @param file the target; parent directories must exist
     * @return the number of bytes written
     * @throws IllegalArgumentException when the asset has neither inline content nor a URI to fetch
     * @throws java.io.UncheckedIOException when the file cannot be written
     */
    long download(AssetRef asset, Path file);

    /**
     * As {@link #download(AssetRef, Path)}, writing to a stream (not closed).
     *
     * @param asset a media value
     * @param out where to write
     * @return the number of bytes written
     * @throws java.io.UncheckedIOException when the stream cannot be written
     */
    long download(AssetRef asset, OutputStream out);
}
