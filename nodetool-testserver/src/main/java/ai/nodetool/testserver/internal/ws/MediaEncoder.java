package ai.nodetool.testserver.internal.ws;

import ai.nodetool.testserver.internal.core.MediaMode;
import ai.nodetool.testserver.internal.core.TempStorage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites the media values of a job frame for the socket's mode (protocol-notes §10.1, §10.2): asset refs
 * whose {@code data} holds bytes keep them (Gen A binary, "RAW"), become {@code data:} URIs (text
 * mode, both generations) or are uploaded to temp storage and referenced by an absolute
 * {@code /api/storage/temp/} URL with {@code data} null (Gen C binary, "temp_url").
 */
final class MediaEncoder {
    private static final Set<String> ASSET_TYPES =
            Set.of("image", "audio", "video", "text", "document", "model_3d", "asset");

    private final TempStorage storage;

    MediaEncoder(TempStorage storage) {
        this.storage = storage;
    }

    /**
     * Rewrites every asset ref with inline bytes inside {@code frame}, in place.
     *
     * @param host the {@code Host} of the socket's upgrade request, used for TEMP_URL
     */
    void encode(JsonNode frame, MediaMode mode, String host) {
        if (mode == MediaMode.RAW || frame == null) {
            return;
        }
        if (frame.isObject()) {
            ObjectNode object = (ObjectNode) frame;
            JsonNode data = object.get("data");
            if (data != null
                    && data.isBinary()
                    && ASSET_TYPES.contains(object.path("type").asText())) {
                rewrite(object, data, mode, host);
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator(); it.hasNext(); ) {
                encode(it.next().getValue(), mode, host);
            }
        } else if (frame.isArray()) {
            for (JsonNode item : (ArrayNode) frame) {
                encode(item, mode, host);
            }
        }
    }

    private void rewrite(ObjectNode ref, JsonNode data, MediaMode mode, String host) {
        String contentType = TempStorage.contentTypeFor(ref.path("type").asText());
        if (mode == MediaMode.DATA_URI) {
            ref.put(
                    "uri",
                    "data:" + contentType + ";base64," + Base64.getEncoder().encodeToString(binary(data)));
        } else {
            ref.put("uri", "http://" + host + storage.put(data, contentType));
        }
        ref.putNull("data");
    }

    private static byte[] binary(JsonNode node) {
        try {
            return node.binaryValue();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
