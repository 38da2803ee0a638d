package ai.nodetool.testserver.internal.net;

import java.io.IOException;

/** Handles one HTTP request received by {@link HttpServer}; called on the connection's own thread. */
@FunctionalInterface
public interface HttpHandler {
    void handle(HttpExchange exchange) throws IOException;
}
