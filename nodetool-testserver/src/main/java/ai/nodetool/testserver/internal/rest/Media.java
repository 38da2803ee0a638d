package ai.nodetool.testserver.internal.rest;

import ai.nodetool.testserver.internal.core.TempStorage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * Rewrites the engine's in-memory media (asset refs whose {@code data} holds bytes) into what a REST
 * client receives (protocol-notes §10.2, "What a client receives"). Bytes are not JSON, so every REST
 * path must rewrite them. Stateless apart from the temp storage it writes to; thread-safe.
 */
abstract class Media {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /**
     * Gen A's REST run and NDJSON: {@code uri = "data:application/octet-stream;base64,…"}, {@code data: null}
     * (protocol-notes §5.3).
     */
    static Media octetStreamDataUri() {
        return new DataUri(true);
    }

    /** Gen A's worker (v0.6.2 {@code AssetOutputMode.DATA_URI}): a data URI with the asset type's MIME. */
    static Media typedDataUri() {
        return new DataUri(false);
    }

    /**
     * Gen C's REST run: the bytes go to temp storage and {@code uri} becomes the absolute URL they are
     * served at, {@code data: null} (protocol-notes §10.2, temp_url).
     *
     * @param origin {@code http://host:port} as the client addressed the server
     */
    static Media tempUrl(TempStorage storage, String origin) {
        return new TempUrl(storage, origin);
    }

    /** The URI that replaces these bytes in an asset ref of this {@code type}. */
    abstract String uriFor(JsonNode bytes, String assetType);

    /** A copy of {@code value} with every byte payload rewritten; values without bytes come back as they are. */
    JsonNode encode(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isBinary()) {
            // A bare blob becomes a ref of its own (protocol-notes §5.2: "a list of byte blobs becomes a list of
            // refs").
            ObjectNode ref = JSON.objectNode();
            ref.put("type", "asset");
            ref.put("uri", uriFor(value, "asset"));
            ref.putNull("asset_id");
            ref.putNull("data");
            ref.putNull("metadata");
            return ref;
        }
        if (value.isArray()) {
            ArrayNode out = JSON.arrayNode(value.size());
            for (JsonNode item : value) {
                out.add(encode(item));
            }
            return out;
        }
        if (value.isObject()) {
            ObjectNode out = JSON.objectNode();
            JsonNode data = value.get("data");
            boolean ref = data != null && data.isBinary();
            for (Iterator<Map.Entry<String, JsonNode>> it = value.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (ref && field.getKey().equals("uri")) {
                    out.put("uri", uriFor(data, value.path("type").asText("asset")));
                } else if (ref && field.getKey().equals("data")) {
                    out.putNull("data");
                } else {
                    out.set(field.getKey(), encode(field.getValue()));
                }
            }
            if (ref && !out.has("uri")) {
                out.put("uri", uriFor(data, value.path("type").asText("asset")));
            }
            return out;
        }
        return value;
    }

    private static byte[] binary(JsonNode node) {
        try {
            return node.binaryValue();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("binary node without bytes", e);
        }
    }

    private static final class DataUri extends Media {
        private final boolean octetStream;

        DataUri(boolean octetStream) {
            this.octetStream = octetStream;
        }

        @Override
        String uriFor(JsonNode bytes, String assetType) {
            String mime = octetStream ? "application/octet-stream" : TempStorage.contentTypeFor(assetType);
            return "data:" + mime + ";base64," + Base64.getEncoder().encodeToString(binary(bytes));
        }
    }

    private static final class TempUrl extends Media {
        private final TempStorage storage;
        private final String origin;

        TempUrl(TempStorage storage, String origin) {
            this.storage = storage;
            this.origin = origin;
        }

        @Override
        String uriFor(JsonNode bytes, String assetType) {
            return origin + storage.put(bytes, TempStorage.contentTypeFor(assetType));
        }
    }
}
