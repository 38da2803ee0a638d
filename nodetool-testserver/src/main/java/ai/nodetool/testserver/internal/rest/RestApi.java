package ai.nodetool.testserver.internal.rest;

import ai.nodetool.testserver.internal.core.Responses;
import ai.nodetool.testserver.internal.core.ServerState;
import ai.nodetool.testserver.internal.net.HttpExchange;
import ai.nodetool.testserver.internal.net.HttpHandler;
import java.io.IOException;

/** The REST routes (Editor API, Worker API, health). Placeholder until the routes land: every route is unknown. */
public final class RestApi implements HttpHandler {
    private final ServerState state;

    public RestApi(ServerState state) {
        this.state = state;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Responses.detail(exchange, 404, state.legacy() ? "Not Found" : "Not found");
    }
}
