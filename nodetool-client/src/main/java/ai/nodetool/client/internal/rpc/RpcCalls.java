package ai.nodetool.client.internal.rpc;

import ai.nodetool.client.errors.NodeToolTimeoutException;
import ai.nodetool.client.errors.RpcException;
import ai.nodetool.client.errors.UnsupportedByServerException;
import ai.nodetool.client.internal.codec.MessageCodec;
import ai.nodetool.client.internal.discovery.Unsupported;
import ai.nodetool.client.messages.JobMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The RPC commands of a session (protocol-notes §7.5): each is sent with a fresh {@code request_id}, and its
 * one {@code rpc_response} frame (which carries the same id, never a {@code job_id}) completes it, with the
 * {@code result}, or with an {@link RpcException} built from the {@code error} object.
 *
 * <ul>
 *   <li>A legacy socket ({@code /predict}, Gen A) closes on an unknown command, so nothing is sent there: the
 *       call fails at once with {@link UnsupportedByServerException}.
 *   <li>A server that does not know the command answers an untyped {@code {"error":"Unknown command"}} without
 *       the id; the session's reply matching does not hand it to us, so the call ends after the session's reply
 *       timeout with a {@link NodeToolTimeoutException} that says so.
 * </ul>
 */
public final class RpcCalls {
    private final Consumer<ObjectNode> send;
    private final String socketUrl;
    private final Duration timeout;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    private record Pending(String command, CompletableFuture<JsonNode> future) {}

    /**
     * @param send sends a frame on the session's socket
     * @param socketUrl the socket's URL (tells a legacy {@code /predict} socket)
     * @param timeout how long to wait for a reply
     */
    public RpcCalls(Consumer<ObjectNode> send, String socketUrl, Duration timeout) {
        this.send = send;
        this.socketUrl = socketUrl;
        this.timeout = timeout;
    }

    /**
     * @param command an RPC command name
     * @param data its {@code data}
     * @return completes with the {@code result}
     */
    public CompletableFuture<JsonNode> call(String command, Map<String, ?> data) {
        if (socketUrl != null && socketUrl.split("\\?", 2)[0].endsWith("/predict")) {
            return CompletableFuture.failedFuture(
                    new UnsupportedByServerException("WebSocket RPC command " + command, Unsupported.LEGACY, null));
        }
        String requestId = UUID.randomUUID().toString();
        ObjectNode frame = MessageCodec.json().createObjectNode();
        frame.put("command", command);
        frame.put("type", command);
        frame.put("request_id", requestId);
        frame.set("data", MessageCodec.json().valueToTree(data == null ? Map.of() : data));
        CompletableFuture<JsonNode> future = new CompletableFuture<>();
        pending.put(requestId, new Pending(command, future));
        future.whenComplete((v, e) -> pending.remove(requestId));
        if (timeout != null && !timeout.isZero() && !timeout.isNegative()) {
            future.completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        try {
            send.accept(frame);
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
        }
        return future.handle((v, e) -> {
            if (e == null && v == null) {
                throw new NodeToolTimeoutException(
                        NodeToolTimeoutException.Kind.CALL,
                        command + ": no rpc_response within " + timeout.toMillis()
                                + " ms; the server may not know the command (it then answers without the request id)",
                        null);
            }
            if (e != null) {
                throw e instanceof RuntimeException ? (RuntimeException) e : new RuntimeException(e);
            }
            return v;
        });
    }

    /**
     * Hands a session message to the waiting call, when it is an {@code rpc_response}.
     *
     * @param message any message of the session
     */
    public void onMessage(JobMessage message) {
        JsonNode raw = message.raw();
        if (raw == null || !"rpc_response".equals(raw.path("type").asText())) {
            return;
        }
        Pending p = pending.get(raw.path("request_id").asText(""));
        if (p == null) {
            return;
        }
        JsonNode error = raw.get("error");
        if (error != null && !error.isNull()) {
            p.future().completeExceptionally(new RpcException(p.command(), error));
        } else {
            JsonNode result = raw.get("result");
            p.future().complete(result == null ? MessageCodec.json().nullNode() : result);
        }
    }

    /**
     * Fails every waiting call (the session ended).
     *
     * @param cause why
     */
    public void failAll(Throwable cause) {
        pending.values().forEach(p -> p.future().completeExceptionally(cause));
    }
}
