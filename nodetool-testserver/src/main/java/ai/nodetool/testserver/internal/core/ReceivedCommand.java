package ai.nodetool.testserver.internal.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A WebSocket message as the {@link Recorder} keeps it; the facade hands it out as its public form.
 *
 * @param connectionId identifies the socket (stable for its lifetime)
 * @param command the {@code command} field, or null for control frames
 * @param message the whole decoded frame
 * @param binary true for a MessagePack (binary) frame, false for JSON text
 * @param receivedAt when it arrived
 */
public record ReceivedCommand(
        String connectionId, String command, JsonNode message, boolean binary, Instant receivedAt) {}
