package ai.nodetool.testserver.internal.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What the server received, in arrival order, bounded: the newest {@code maxRequests} requests
 * whose bodies total at most {@code maxRequestBytes}, and the newest {@code maxCommands} WebSocket
 * commands. Older entries are dropped first (a server kept across a long suite must not grow
 * without end). Thread-safe.
 */
public final class Recorder {
    /** Default number of requests kept. */
    public static final int DEFAULT_MAX_REQUESTS = 1000;
    /** Default total of request body bytes kept. */
    public static final long DEFAULT_MAX_REQUEST_BYTES = 32L * 1024 * 1024;
    /** Default number of WebSocket commands kept. */
    public static final int DEFAULT_MAX_COMMANDS = 10_000;

    private final Deque<ReceivedRequest> requests = new ArrayDeque<>(); // guarded by itself
    private final BlockingQueue<ReceivedRequest> unread = new LinkedBlockingQueue<>();
    private final Deque<ReceivedCommand> commands = new ArrayDeque<>(); // guarded by itself
    private long requestBytes; // guarded by requests

    private volatile int maxRequests = DEFAULT_MAX_REQUESTS;
    private volatile long maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
    private volatile int maxCommands = DEFAULT_MAX_COMMANDS;

    /**
     * @param requests most requests kept (at least 1)
     * @param requestBytes most request body bytes kept in all (a single larger body is kept alone)
     * @param commands most WebSocket commands kept (at least 1)
     */
    public void limits(int requests, long requestBytes, int commands) {
        if (requests < 1 || requestBytes < 0 || commands < 1) {
            throw new IllegalArgumentException("recording limits must be positive");
        }
        this.maxRequests = requests;
        this.maxRequestBytes = requestBytes;
        this.maxCommands = commands;
    }

    public void request(ReceivedRequest request) {
        List<ReceivedRequest> dropped = new ArrayList<>();
        synchronized (requests) {
            requests.addLast(request);
            requestBytes += size(request);
            while (requests.size() > 1 && (requests.size() > maxRequests || requestBytes > maxRequestBytes)) {
                ReceivedRequest old = requests.removeFirst();
                requestBytes -= size(old);
                dropped.add(old);
            }
        }
        unread.add(request);
        for (ReceivedRequest old : dropped) {
            unread.remove(old); // not taken yet: it is gone from the recording, so from here too
        }
    }

    private static long size(ReceivedRequest request) {
        return request.body() == null ? 0 : request.body().length;
    }

    public void command(ReceivedCommand command) {
        synchronized (commands) {
            commands.addLast(command);
            while (commands.size() > maxCommands) {
                commands.removeFirst();
            }
        }
    }

    public List<ReceivedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public List<ReceivedCommand> commands() {
        synchronized (commands) {
            return List.copyOf(commands);
        }
    }

    /** The oldest request not yet taken, waiting up to the timeout; null when none arrived. */
    public ReceivedRequest takeRequest(long timeout, TimeUnit unit) throws InterruptedException {
        return unread.poll(timeout, unit);
    }

    public void clear() {
        synchronized (requests) {
            requests.clear();
            requestBytes = 0;
        }
        unread.clear();
        synchronized (commands) {
            commands.clear();
        }
    }
}
