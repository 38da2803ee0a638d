package ai.nodetool.client.assets;

import ai.nodetool.client.internal.json.Trees;
import ai.nodetool.client.messages.AssetRef;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/**
 * What an upload created: a stored asset ({@code POST /api/assets}, protocol-notes §11.9), with an
 * {@linkplain #assetId() id}, or temporary bytes ({@code POST /api/sdk/v1/assets/temporary}, protocol-notes
 * §11.8) with only a {@linkplain #uri() URI}. {@link #toRef()} gives the reference to put in a run's params.
 * Immutable; {@link #raw()} keeps the server's full answer.
 */
public final class UploadedAsset {
    private final ObjectNode raw;
    private final boolean temporary;
    private final String mediaType;

    private UploadedAsset(ObjectNode raw, boolean temporary, String mediaType) {
        this.raw = raw;
        this.temporary = temporary;
        this.mediaType = mediaType;
    }

    /**
     * @param answer the server's JSON answer
     * @param temporary true for a temporary upload
     * @param mediaType the media {@code type} of references to it ({@code image}, {@code audio}, ...)
     * @return the typed view
     */
    public static UploadedAsset of(JsonNode answer, boolean temporary, String mediaType) {
        Objects.requireNonNull(answer, "answer");
        if (!answer.isObject()) {
            throw new IllegalArgumentException("an upload answer must be a JSON object");
        }
        return new UploadedAsset(((ObjectNode) answer).deepCopy(), temporary, Objects.requireNonNull(mediaType));
    }

    /** @return true for temporary bytes without an asset record (protocol-notes §11.8) */
    public boolean temporary() {
        return temporary;
    }

    /** @return the asset id of a stored asset; empty for a temporary upload */
    public Optional<String> assetId() {
        return Optional.ofNullable(Trees.scalarText(raw, "id"));
    }

    /**
     * @return where the bytes can be read: the temporary upload's {@code uri}, else the asset's
     *     {@code get_url}; on file storage a path relative to the server, e.g. {@code /api/storage/...}
     */
    public Optional<String> uri() {
        String uri = Trees.text(raw, "uri");
        if (uri == null || uri.isEmpty()) {
            uri = Trees.text(raw, "get_url");
        }
        return uri == null || uri.isEmpty() ? Optional.empty() : Optional.of(uri);
    }

    /** @return the name the server stored, when given */
    public Optional<String> name() {
        return Optional.ofNullable(Trees.text(raw, "name"));
    }

    /** @return the content type the server stored, when given */
    public Optional<String> contentType() {
        return Optional.ofNullable(Trees.text(raw, "content_type"));
    }

    /** @return the size in bytes the server reported, when given */
    public Optional<Long> size() {
        return Optional.ofNullable(Trees.longValue(raw, "size"));
    }

    /** @return the media {@code type} of references to this upload ({@code image}, {@code audio}, ...) */
    public String mediaType() {
        return mediaType;
    }

    /**
     * The reference to pass as a run input (protocol-notes §11.8, §11.9): {@code {"type", "uri"}} for a
     * temporary upload, {@code {"type", "asset_id", "uri": "asset://<id>.<ext>"}} for a stored asset.
     *
     * @return the reference
     */
    public AssetRef toRef() {
        ObjectNode ref = JsonNodeFactory.instance.objectNode();
        ref.put("type", mediaType);
        Optional<String> id = assetId();
        if (!temporary && id.isPresent()) {
            ref.put("asset_id", id.get());
            ref.put("uri", "asset://" + id.get() + extension());
        } else {
            ref.put("uri", uri().orElse(""));
        }
        return AssetRef.of(ref);
    }

    private String extension() {
        String name = name().orElse("");
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot);
    }

    /** @return a copy of the server's answer */
    public ObjectNode raw() {
        return raw.deepCopy();
    }

    @Override
    public String toString() {
        return "UploadedAsset{" + (temporary ? "temporary, " : "id=" + assetId().orElse(null) + ", ") + "uri="
                + uri().orElse(null) + ", name=" + name().orElse(null) + ", size=" + size().orElse(null) + "}";
    }
}
