package ai.nodetool.client.assets;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The name and content type of an upload, and the optional fields of a stored asset (protocol-notes §11.9).
 * Immutable; build with {@link #builder()} or {@link #of(String, String)}.
 *
 * <p>A current server (Gen C) takes the file alone and files it in the caller's home folder. A legacy server
 * (Gen A/B) requires the JSON part with {@code name}, {@code content_type} and {@code parent_id}: set
 * {@link Builder#parentId(String)} (the user's id is their home folder) and the SDK sends that part.
 */
public final class UploadOptions {
    private final String name;
    private final String contentType;
    private final String parentId;
    private final String workflowId;
    private final Map<String, Object> metadata;

    private UploadOptions(Builder b) {
        this.name = b.name;
        this.contentType = b.contentType;
        this.parentId = b.parentId;
        this.workflowId = b.workflowId;
        this.metadata =
                b.metadata == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
    }

    /**
     * @param name the file name to store, e.g. {@code photo.png}
     * @param contentType the MIME type, e.g. {@code image/png}
     * @return options with just these two
     */
    public static UploadOptions of(String name, String contentType) {
        return builder().name(name).contentType(contentType).build();
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the file name, or empty to use the file's own (or {@code upload}) */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** @return the MIME type, or empty to guess it from the name */
    public Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    /** @return the folder to file a stored asset in; when set, the JSON part is sent */
    public Optional<String> parentId() {
        return Optional.ofNullable(parentId);
    }

    /** @return the workflow to attach a stored asset to, when set */
    public Optional<String> workflowId() {
        return Optional.ofNullable(workflowId);
    }

    /** @return free-form metadata of a stored asset, when set */
    public Optional<Map<String, Object>> metadata() {
        return Optional.ofNullable(metadata);
    }

    /** Builder for {@link UploadOptions}. */
    public static final class Builder {
        private String name;
        private String contentType;
        private String parentId;
        private String workflowId;
        private Map<String, Object> metadata;

        private Builder() {}

        /**
         * @param name the file name to store
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * @param contentType the MIME type
         * @return this builder
         */
        public Builder contentType(String contentType) {
            this.contentType = Objects.requireNonNull(contentType, "contentType");
            return this;
        }

        /**
         * @param parentId the folder (a legacy server needs it; the user's id is their home folder)
         * @return this builder
         */
        public Builder parentId(String parentId) {
            this.parentId = parentId;
            return this;
        }

        /**
         * @param workflowId the workflow to attach the asset to
         * @return this builder
         */
        public Builder workflowId(String workflowId) {
            this.workflowId = workflowId;
            return this;
        }

        /**
         * @param metadata free-form metadata (Jackson-serialisable values)
         * @return this builder
         */
        public Builder metadata(Map<String, ?> metadata) {
            this.metadata = metadata == null ? null : new LinkedHashMap<>(metadata);
            return this;
        }

        /** @return the options */
        public UploadOptions build() {
            return new UploadOptions(this);
        }
    }
}
