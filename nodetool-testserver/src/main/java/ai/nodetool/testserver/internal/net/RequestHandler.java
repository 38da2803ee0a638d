package ai.nodetool.testserver.internal.net;

import java.io.IOException;

/**
 * Handles one HTTP request received by {@link PortServer}; called on the connection's own thread,
 * one request at a time per connection (requests on different connections run concurrently).
 *
 * <p>If {@code handle} throws before responding, the client gets {@code 500} with
 * {@code {"detail":"<message>"}}; if it throws after starting a streamed body, the connection is
 * dropped. An {@link IOException} usually means the client went away.
 */
@FunctionalInterface
public interface RequestHandler {
    void handle(RequestExchange exchange) throws IOException;
}
