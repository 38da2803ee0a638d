package ai.nodetool.testserver.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Where media nodes read a media reference that carries no inline bytes: a {@code uri} or
 * {@code asset_id} of bytes the server stores. The server sets one per engine; the default finds nothing,
 * so only inline {@code data} (or a {@code data:} URI) can be read.
 */
@FunctionalInterface
public interface MediaSource {
    /** Finds nothing. */
    MediaSource NONE = ref -> Optional.empty();

    /** Opens the bytes {@code ref} points at, or empty when they are not stored here. */
    Optional<InputStream> open(JsonNode ref) throws IOException;
}
