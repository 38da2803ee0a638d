package ai.nodetool.testserver.internal.ws;

import ai.nodetool.testserver.internal.core.Router;
import ai.nodetool.testserver.internal.core.ServerState;
import ai.nodetool.testserver.internal.core.SocketControl;
import ai.nodetool.testserver.internal.net.HttpExchange;
import java.io.IOException;
import java.util.Map;

/** The WebSocket endpoint ({@code /predict} or {@code /ws}). Placeholder until the protocol lands: refuses upgrades. */
public final class WebSocketEndpoint implements Router.Upgrades, SocketControl, AutoCloseable {
    private final ServerState state;

    public WebSocketEndpoint(ServerState state) {
        this.state = state;
    }

    @Override
    public void upgrade(HttpExchange exchange) throws IOException {
        exchange.respond(501, Map.of("Content-Type", "text/plain"), ("not implemented for " + state.generation()).getBytes());
    }

    @Override
    public void closeAll(int code, String reason) {}

    @Override
    public void dropAll() {}

    @Override
    public void restart(boolean keepJobs) {}

    @Override
    public void close() {}
}
