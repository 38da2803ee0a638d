package ai.nodetool.client.server;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.core.Sleeper;
import ai.nodetool.client.testing.NodeToolClients;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Shared set-up for the tests that run the public client API against the real test server (which
 * {@code @BothGenerations} injects, with a client from {@code NodeToolClients}): clients with their
 * own options that never sleep between retries (the injected sleeper records the delays instead),
 * and helpers to count what the server received.
 */
final class TestServers {
    private TestServers() {}

    static NodeToolTestServer start(Generation generation) {
        return NodeToolTestServer.builder().generation(generation).start();
    }

    /** Records every retry delay instead of waiting, so retry tests are instant and exact. */
    static final class RecordingSleeper implements Sleeper {
        final List<Duration> delays = new CopyOnWriteArrayList<>();

        @Override
        public void sleep(Duration delay) {
            delays.add(delay);
        }
    }

    /**
     * A client for the server with no token (explicitly: a NODETOOL_API_TOKEN in the environment
     * must not leak into these tests) and a recording sleeper.
     */
    static NodeToolClient.Builder clientFor(NodeToolTestServer server, RecordingSleeper sleeper) {
        return NodeToolClients.builderFor(server.baseUrl()).sleeper(sleeper);
    }

    /** Gen A's list and create route ends with a slash (protocol-notes §4.4); the client is redirected there. */
    static String listPath(Generation generation) {
        return generation == Generation.LEGACY ? "/api/workflows/" : "/api/workflows";
    }

    static List<RecordedRequest> received(NodeToolTestServer server, String method, String path) {
        return server.requests().stream()
                .filter(r -> r.method().equals(method) && r.path().equals(path))
                .toList();
    }

    /** A runnable workflow: string input {@code text} → output node {@code result} (titled "result" too). */
    static String echoWorkflow(String id, String name) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"graph\":{\"nodes\":["
                + "{\"id\":\"in\",\"type\":\"nodetool.input.StringInput\",\"data\":{\"name\":\"text\",\"value\":\"hi\"}},"
                + "{\"id\":\"out\",\"type\":\"nodetool.output.Output\",\"data\":{\"name\":\"result\"},"
                + "\"ui_properties\":{\"title\":\"result\"}}],"
                + "\"edges\":[{\"id\":\"e1\",\"source\":\"in\",\"sourceHandle\":\"output\",\"target\":\"out\","
                + "\"targetHandle\":\"value\"}]}}";
    }
}
