package ai.nodetool.client.internal.discovery;

import ai.nodetool.client.discovery.Capabilities;
import ai.nodetool.client.errors.NodeToolHttpException;
import ai.nodetool.client.errors.UnsupportedByServerException;
import ai.nodetool.client.internal.http.HttpCaller;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the client has learned about its server from {@code GET /api/sdk/v1/capabilities}
 * (protocol-notes §11.4), asked once and remembered for the life of the client:
 *
 * <ul>
 *   <li>{@code 200}: a current server with SDK v1; its {@code temporary_asset_upload} profile decides
 *       whether local media go to temporary storage or to {@code POST /api/assets}.
 *   <li>{@code 503 SDK_LIFECYCLE_DISABLED}: a current server whose SDK lifecycle routes are switched
 *       off; local media go to {@code POST /api/assets}, which Gen C takes with the file alone.
 *   <li>the route is missing ({@link Unsupported#routeMissing}): a legacy server, or a current one older
 *       than SDK v1; local media are sent inline as {@code data:} URIs, the form every generation reads.
 * </ul>
 *
 * Any other failure (401, 5xx, network) is thrown and not remembered, so the next call asks again.
 */
public final class ServerProbe {
    /** Feature name used in {@link UnsupportedByServerException}s. */
    static final String CAPABILITIES = "SDK v1 capabilities (GET /api/sdk/v1/capabilities)";

    /** How a local media input reaches the server. */
    public enum MediaInputForm {
        /** {@code POST /api/sdk/v1/assets/temporary}, then {@code {"type","uri"}}. */
        TEMPORARY_UPLOAD,
        /** {@code POST /api/assets}, then {@code {"type","asset_id","uri":"asset://…"}}. */
        ASSET_UPLOAD,
        /** {@code {"type","uri":"data:<mime>;base64,…"}} in the run request itself. */
        INLINE
    }

    private static final class Known {
        final Capabilities capabilities;
        final UnsupportedByServerException missing;
        final boolean lifecycleDisabled;

        Known(Capabilities capabilities, UnsupportedByServerException missing, boolean lifecycleDisabled) {
            this.capabilities = capabilities;
            this.missing = missing;
            this.lifecycleDisabled = lifecycleDisabled;
        }
    }

    private final HttpCaller http;
    private volatile Known known;

    /** @param http the client's HTTP plumbing */
    public ServerProbe(HttpCaller http) {
        this.http = http;
    }

    private Known probe() {
        Known k = known;
        if (k != null) {
            return k;
        }
        try {
            JsonNode body = http.executeJson(
                    http.request(http.editorUrl("api", "sdk", "v1", "capabilities"))
                            .get()
                            .build(),
                    false);
            k = new Known(Capabilities.fromJson(body), null, false);
        } catch (NodeToolHttpException e) {
            String generation = Unsupported.routeMissing(e);
            if (generation != null) {
                k = new Known(null, new UnsupportedByServerException(CAPABILITIES, generation, e), false);
            } else if (e.statusCode() == 503
                    && e.errorCode().filter(c -> c.endsWith("_DISABLED")).isPresent()) {
                k = new Known(null, null, true);
                known = k;
                throw e;
            } else {
                throw e;
            }
        } catch (IllegalArgumentException e) {
            throw new ai.nodetool.client.errors.NodeToolProtocolException(
                    "capabilities: expected a JSON object: " + e.getMessage(), e);
        }
        known = k;
        return k;
    }

    /**
     * @return the server's capabilities (asked once, then remembered)
     * @throws UnsupportedByServerException on a server without SDK v1
     */
    public Capabilities capabilities() {
        Known k = probe();
        if (k.missing != null) {
            throw new UnsupportedByServerException(
                    k.missing.feature(), k.missing.serverGeneration(), k.missing.getCause());
        }
        if (k.capabilities == null) {
            known = null; // lifecycle switched off: ask again next time
            return probe().capabilities;
        }
        return k.capabilities;
    }

    /** @return the generation label when the server lacks SDK v1, else null (asks the server once) */
    public String legacyGeneration() {
        Known k;
        try {
            k = probe();
        } catch (NodeToolHttpException e) {
            return null;
        }
        return k.missing == null ? null : k.missing.serverGeneration();
    }

    /** @return how local media inputs reach this server (asks the server once) */
    public MediaInputForm mediaInputForm() {
        Known k;
        try {
            k = probe();
        } catch (NodeToolHttpException e) {
            Known after = known;
            if (after != null && after.lifecycleDisabled) {
                return MediaInputForm.ASSET_UPLOAD;
            }
            throw e;
        }
        if (k.lifecycleDisabled) {
            return MediaInputForm.ASSET_UPLOAD;
        }
        if (k.missing != null) {
            return MediaInputForm.INLINE;
        }
        return k.capabilities.isAvailable(Capabilities.TEMPORARY_ASSET_UPLOAD)
                ? MediaInputForm.TEMPORARY_UPLOAD
                : MediaInputForm.ASSET_UPLOAD;
    }
}
