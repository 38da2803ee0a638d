package ai.nodetool.testserver.internal.ws;

import ai.nodetool.testserver.internal.core.Dialect;
import ai.nodetool.testserver.internal.core.MediaMode;
import ai.nodetool.testserver.internal.core.ReceivedCommand;
import ai.nodetool.testserver.internal.core.ServerState;
import ai.nodetool.testserver.internal.net.WebSocketConnection;
import ai.nodetool.testserver.internal.net.WebSocketListener;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One client socket: decodes and records inbound frames, hands them to the {@link CommandHandler},
 * encodes outbound frames in the socket's mode, greets the client and runs the heartbeat as the
 * dialect says, and tracks the jobs the
 * socket owns and the ones waiting for a slot.
 *
 * <p>Threading: the listener callbacks run on the connection's reader thread; {@link #send} is called
 * from reader, engine and timer threads (the transport serializes writes). Send failures are
 * swallowed: a socket that is gone learns nothing more, and its jobs are detached by {@link #onClose}.
 */
final class Session implements WebSocketListener {
    private static final System.Logger LOG = System.getLogger(Session.class.getName());

    private final WebSocketEndpoint endpoint;
    private final ServerState state;
    private final CommandHandler commands;
    private final String connectionId;
    private final String host;
    private final Set<WebSocketJob> owned = java.util.Collections.synchronizedSet(new java.util.LinkedHashSet<>());
    private final Deque<WebSocketJob> queue = new ArrayDeque<>(); // guarded by this

    private volatile WebSocketConnection connection;
    private volatile String runnerId; // this connection's live runner id (protocol-notes §11.5)
    private volatile boolean binaryMode = true; // protocol-notes §6.2: initially binary, changed only by set_mode
    private volatile ScheduledFuture<?> pingTask;

    Session(WebSocketEndpoint endpoint, String connectionId, String host) {
        this.endpoint = endpoint;
        this.state = endpoint.state();
        this.connectionId = connectionId;
        this.host = host;
        this.commands = new CommandHandler(endpoint, this);
    }

    String connectionId() {
        return connectionId;
    }

    /** The {@code Host} of the upgrade request (for Gen C temp media URLs). */
    String host() {
        return host;
    }

    boolean binaryMode() {
        return binaryMode;
    }

    void binaryMode(boolean binary) {
        this.binaryMode = binary;
    }

    MediaMode mediaMode() {
        return binaryMode ? state.dialect().binaryMediaMode() : MediaMode.DATA_URI;
    }

    boolean isOpen() {
        WebSocketConnection c = connection;
        return c != null && c.isOpen();
    }

    // ---- listener ----------------------------------------------------------------------------

    @Override
    public void onOpen(WebSocketConnection connection) {
        this.connection = connection;
        this.runnerId = state.liveRunners().register();
        endpoint.opened(this);
        state.dialect().greet(new Dialect.SocketGreeting() {
            @Override
            public String runnerId() {
                return runnerId;
            }

            @Override
            public String connectionId() {
                return connectionId;
            }

            @Override
            public void sendMessagePack(ObjectNode message) {
                sendRawBinary(endpoint.codec().encodeBinary(message));
            }

            @Override
            public void send(ObjectNode message) {
                Session.this.send(message);
            }

            @Override
            public void startHeartbeat() {
                Session.this.startHeartbeat();
            }
        });
    }

    private void startHeartbeat() {
        long interval = state.settings().pingInterval().toMillis();
        if (interval > 0) {
            try {
                pingTask = state.scheduler().scheduleAtFixedRate(this::ping, interval, interval, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                LOG.log(System.Logger.Level.DEBUG, "no heartbeat: the server is shutting down");
            }
        }
    }

    @Override
    public void onText(WebSocketConnection connection, String text) {
        JsonNode message;
        try {
            message = endpoint.codec().decodeText(text);
        } catch (WireCodec.UndecodableFrame e) {
            record(null, TextNode.valueOf(text), false);
            commands.undecodable(e.getMessage());
            return;
        }
        record(message, message, false);
        commands.handle(message);
    }

    @Override
    public void onBinary(WebSocketConnection connection, byte[] data) {
        JsonNode message;
        try {
            message = endpoint.codec().decodeBinary(data);
        } catch (WireCodec.UndecodableFrame e) {
            record(null, BinaryNode.valueOf(data), true);
            commands.undecodable(e.getMessage());
            return;
        }
        record(message, message, true);
        commands.handle(message);
    }

    private void record(JsonNode decoded, JsonNode message, boolean binary) {
        String command = decoded != null && decoded.path("command").isTextual()
                ? decoded.get("command").asText()
                : null;
        state.recorder().command(new ReceivedCommand(connectionId, command, message, binary, Instant.now()));
    }

    @Override
    public void onClose(WebSocketConnection connection, int code, String reason) {
        stopHeartbeat();
        state.liveRunners().unregister(runnerId);
        endpoint.closed(this);
        List<WebSocketJob> jobs;
        synchronized (owned) {
            jobs = new ArrayList<>(owned);
            owned.clear();
        }
        synchronized (this) {
            queue.clear(); // queued jobs are cancelled by detach (protocol-notes §9.2)
        }
        for (WebSocketJob job : jobs) {
            job.detach(this);
        }
    }

    void stopHeartbeat() {
        ScheduledFuture<?> task = pingTask;
        if (task != null) {
            task.cancel(false);
        }
    }

    private void ping() {
        ObjectNode ping = JsonNodeFactory.instance.objectNode();
        ping.put("type", "ping");
        ping.put("ts", System.currentTimeMillis() / 1000.0);
        // On the server's shared timer: a socket busy with (or blocked on) another frame skips this beat
        // rather than holding every other timer behind a peer that does not read.
        WebSocketConnection c = connection;
        if (c == null) {
            return;
        }
        try {
            if (binaryMode) {
                c.sendIfIdle(null, endpoint.codec().encodeBinary(ping));
            } else {
                c.sendIfIdle(endpoint.codec().encodeText(ping), null);
            }
        } catch (UncheckedIOException e) {
            stopHeartbeat();
        }
    }

    // ---- sending -----------------------------------------------------------------------------

    /** Sends one message in the socket's current mode; false when the socket is gone. */
    boolean send(JsonNode message) {
        WebSocketConnection c = connection;
        if (c == null) {
            return false;
        }
        try {
            if (binaryMode) {
                c.sendBinary(endpoint.codec().encodeBinary(message));
            } else {
                c.sendText(endpoint.codec().encodeText(message));
            }
            return true;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /**
     * Sends a command's direct reply, or, when {@code Faults.malformedNextFrame()}
     * is armed, an undecodable frame in its place.
     */
    void reply(JsonNode reply) {
        if (state.faults().takeMalformedNextFrame()) {
            sendRawBinary(new byte[] {(byte) 0xc1});
            return;
        }
        send(reply);
    }

    void sendRawBinary(byte[] bytes) {
        WebSocketConnection c = connection;
        if (c == null) {
            return;
        }
        try {
            c.sendBinary(bytes);
        } catch (UncheckedIOException e) {
            // gone: nothing to do
        }
    }

    /**
     * The oversize fault: one well-formed {@code log_update} whose encoding is exactly {@code bytes}
     * long when that is reachable (its padding is sized to fit), in the socket's mode.
     */
    void sendOversize(String jobId, int bytes) {
        ObjectNode frame = JsonNodeFactory.instance.objectNode();
        frame.put("type", "log_update");
        frame.put("node_id", "");
        frame.put("node_name", "");
        frame.put("severity", "info");
        frame.put("job_id", jobId);
        int padding = 0;
        byte[] encoded = encode(frame, padding);
        for (int attempt = 0; attempt < 4 && encoded.length != bytes; attempt++) {
            padding = Math.max(0, padding + bytes - encoded.length);
            encoded = encode(frame, padding);
        }
        WebSocketConnection c = connection;
        if (c == null) {
            return;
        }
        try {
            if (binaryMode) {
                c.sendBinary(encoded);
            } else {
                c.sendText(new String(encoded, java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (UncheckedIOException e) {
            // gone
        }
    }

    private byte[] encode(ObjectNode frame, int padding) {
        frame.put("content", "x".repeat(padding));
        return binaryMode
                ? endpoint.codec().encodeBinary(frame)
                : endpoint.codec().encodeText(frame).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    void abort() {
        WebSocketConnection c = connection;
        if (c != null) {
            c.abort();
        }
    }

    void close(int code, String reason) {
        WebSocketConnection c = connection;
        if (c != null) {
            c.close(code, reason);
        }
    }

    // ---- jobs --------------------------------------------------------------------------------

    void own(WebSocketJob job) {
        owned.add(job);
    }

    void disown(WebSocketJob job) {
        owned.remove(job);
    }

    /** The job with this id if this socket owns it (get_status and stream_input are per connection). */
    WebSocketJob ownedJob(String jobId) {
        synchronized (owned) {
            for (WebSocketJob job : owned) {
                if (job.id().equals(jobId)) {
                    return job;
                }
            }
        }
        return null;
    }

    /** The jobs this socket owns, in the order it started or took them over. */
    List<WebSocketJob> ownedJobs() {
        synchronized (owned) {
            return new ArrayList<>(owned);
        }
    }

    /**
     * Admits a new job (protocol-notes §7.6): it takes a run slot at once when the dialect has no
     * admission or the endpoint's limits allow it, else it waits in this connection's queue.
     *
     * @return 0 when the job may start now, else its 1-based queue position
     */
    int admit(WebSocketJob job) {
        synchronized (this) {
            if (!state.dialect().admitsRuns() || endpoint.tryAcquireSlot(job)) {
                return 0;
            }
            queue.addLast(job);
            return queue.size();
        }
    }

    /**
     * Removes a queued job, runs {@code then} (the cancel's reply and frame), then tells the jobs behind
     * it their new positions; false (and nothing run) when it was not queued here.
     */
    boolean unqueue(WebSocketJob job, Runnable then) {
        List<WebSocketJob> moved;
        synchronized (this) {
            int index = indexOf(job);
            if (index < 0) {
                return false;
            }
            queue.remove(job);
            moved = new ArrayList<>(new ArrayList<>(queue).subList(index, queue.size()));
        }
        then.run();
        announcePositions(moved);
        return true;
    }

    /**
     * One of this connection's runs ended (or gave its slot up): every queued job the limits now admit
     * starts, in queue order, and the jobs still waiting learn their new positions. Only this
     * connection's queue moves; another connection's run ending does not drain it (protocol-notes §7.6).
     */
    void drainQueue() {
        List<WebSocketJob> admitted = new ArrayList<>();
        List<WebSocketJob> moved = new ArrayList<>();
        synchronized (this) {
            int firstMoved = -1;
            int index = 0;
            for (var it = queue.iterator(); it.hasNext(); index++) {
                WebSocketJob next = it.next();
                if (endpoint.tryAcquireSlot(next)) {
                    it.remove();
                    admitted.add(next);
                    if (firstMoved < 0) {
                        firstMoved = index;
                    }
                }
            }
            if (firstMoved >= 0) {
                List<WebSocketJob> waiting = new ArrayList<>(queue);
                moved.addAll(waiting.subList(Math.min(firstMoved, waiting.size()), waiting.size()));
            }
        }
        for (WebSocketJob job : admitted) {
            job.startQueued();
        }
        announcePositions(moved);
    }

    private int indexOf(WebSocketJob job) {
        int i = 0;
        for (WebSocketJob queued : queue) {
            if (queued == job) {
                return i;
            }
            i++;
        }
        return -1;
    }

    /** Re-sends the {@code queued} update to each job whose position changed. */
    private void announcePositions(List<WebSocketJob> jobs) {
        for (WebSocketJob job : jobs) {
            int position;
            synchronized (this) {
                position = indexOf(job) + 1;
            }
            if (position > 0) {
                job.announceQueued(position);
            }
        }
    }

    @Override
    public String toString() {
        return "Session[" + connectionId + "]";
    }
}
