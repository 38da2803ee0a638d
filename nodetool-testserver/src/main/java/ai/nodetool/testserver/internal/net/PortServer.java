package ai.nodetool.testserver.internal.net;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/**
 * A small HTTP/1.1 server with WebSocket upgrade on one port, built on {@link ServerSocket}.
 *
 * <p>Threads, all daemons named after {@code threadNamePrefix}: one accept thread
 * ({@code <prefix>-accept}), one thread per connection ({@code <prefix>-conn-N}, from a cached pool)
 * that runs the handler for each request and, after an upgrade, reads WebSocket frames, and one
 * timer thread ({@code <prefix>-timer}) for WebSocket closing-handshake timeouts. {@link #close()}
 * stops them all.
 *
 * <p>Lifecycle: construct, optionally configure limits, {@link #start()}, use {@link #port()},
 * {@link #close()}. Instances are not reusable after close.
 */
public final class PortServer implements AutoCloseable {
    /** Default cap on a request body; larger requests get 413. */
    public static final long DEFAULT_MAX_REQUEST_BODY_BYTES = 16L * 1024 * 1024;
    /**
     * Default cap on the request bodies held at once by all connections together; a request whose
     * body would pass it gets 503 (and the others go on), so concurrent large bodies cannot exhaust
     * the heap.
     */
    public static final long DEFAULT_MAX_BUFFERED_BODY_BYTES = 64L * 1024 * 1024;
    /** Default cap on open connections (HTTP and WebSocket); one more is answered 503 and closed. */
    public static final int DEFAULT_MAX_CONNECTIONS = 256;
    /** Default wait for the first byte of the next request on a kept-alive connection; then it is closed. */
    public static final long DEFAULT_IDLE_TIMEOUT_MILLIS = 60_000;
    /** Default time a request head may take once its first byte came; then 408 and close. */
    public static final long DEFAULT_HEAD_TIMEOUT_MILLIS = 10_000;
    /** Default longest pause while a request body is read; then 408 and close. */
    public static final long DEFAULT_BODY_TIMEOUT_MILLIS = 30_000;
    /** Default cap on a reassembled WebSocket message; larger messages close the socket with 1009. */
    public static final long DEFAULT_MAX_WEBSOCKET_MESSAGE_BYTES = 256L * 1024 * 1024;

    private static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;
    private static final long CLOSE_WAIT_MILLIS = 2000;
    private static final System.Logger LOG = System.getLogger(PortServer.class.getName());

    private final InetAddress bindAddress;
    private final int requestedPort;
    private final RequestHandler handler;
    private final String threadNamePrefix;
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final Set<Connection> connections = new HashSet<>(); // guarded by itself
    private final AtomicInteger connectionCounter = new AtomicInteger();

    private volatile long maxRequestBodyBytes = DEFAULT_MAX_REQUEST_BODY_BYTES;
    private volatile long maxStreamedBodyBytes = DEFAULT_MAX_REQUEST_BODY_BYTES;
    private volatile BiPredicate<String, String> streamedBody = (method, path) -> false;
    private volatile long maxWebSocketMessageBytes = DEFAULT_MAX_WEBSOCKET_MESSAGE_BYTES;
    private volatile long maxBufferedBodyBytes = DEFAULT_MAX_BUFFERED_BODY_BYTES;
    private volatile int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private volatile long idleTimeoutMillis = DEFAULT_IDLE_TIMEOUT_MILLIS;
    private volatile long headTimeoutMillis = DEFAULT_HEAD_TIMEOUT_MILLIS;
    private volatile long bodyTimeoutMillis = DEFAULT_BODY_TIMEOUT_MILLIS;
    private final AtomicLong bufferedBodyBytes = new AtomicLong();

    private ServerSocket serverSocket;
    private ExecutorService connectionPool;
    private ScheduledThreadPoolExecutor timer;
    private Thread acceptThread;
    private volatile boolean started;
    private volatile boolean closed; // written under connections' lock

    /**
     * @param bindAddress      local address to listen on (e.g. loopback); not null
     * @param port             port to listen on, 0 for an ephemeral one
     * @param handler          called on the connection thread for every request; not null
     * @param threadNamePrefix prefix of every thread this server starts; not null
     */
    public PortServer(InetAddress bindAddress, int port, RequestHandler handler, String threadNamePrefix) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
        this.requestedPort = port;
        this.handler = Objects.requireNonNull(handler, "handler");
        this.threadNamePrefix = Objects.requireNonNull(threadNamePrefix, "threadNamePrefix");
    }

    /**
     * Sets the largest total of request bodies held at once (default 64 MiB); a request that would
     * pass it is answered 503.
     *
     * @return this server
     */
    public PortServer maxBufferedBodyBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("max buffered body bytes must not be negative: " + bytes);
        }
        this.maxBufferedBodyBytes = bytes;
        return this;
    }

    /**
     * Sets the most connections open at once (default 256); the next one is answered 503 and closed.
     *
     * @return this server
     */
    public PortServer maxConnections(int connections) {
        if (connections < 1) {
            throw new IllegalArgumentException("maxConnections must be positive: " + connections);
        }
        this.maxConnections = connections;
        return this;
    }

    /**
     * Sets the read timeouts of HTTP requests (a WebSocket, once upgraded, has none).
     *
     * @param idleMillis wait for the first byte of a request on an open connection; then the
     *     connection is closed without an answer (default 60 s)
     * @param headMillis time for the whole request head once its first byte came; then 408 (default 10 s)
     * @param bodyMillis longest pause while reading a body; then 408 (default 30 s)
     * @return this server
     */
    public PortServer timeouts(long idleMillis, long headMillis, long bodyMillis) {
        if (idleMillis < 1 || headMillis < 1 || bodyMillis < 1) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        this.idleTimeoutMillis = idleMillis;
        this.headTimeoutMillis = headMillis;
        this.bodyTimeoutMillis = bodyMillis;
        return this;
    }

    /**
     * Sets the largest accepted request body (default 16 MiB); applies to requests read afterwards.
     *
     * @return this server
     */
    public PortServer maxRequestBodyBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("max request body out of range: " + bytes);
        }
        this.maxRequestBodyBytes = bytes;
        return this;
    }

    /**
     * Sets the largest accepted WebSocket message (default 256 MiB); applies to connections upgraded
     * afterwards.
     *
     * @return this server
     */
    public PortServer maxWebSocketMessageBytes(long bytes) {
        if (bytes < 0 || bytes > MAX_ARRAY_BYTES) {
            throw new IllegalArgumentException("max WebSocket message out of range: " + bytes);
        }
        this.maxWebSocketMessageBytes = bytes;
        return this;
    }

    /**
     * Binds the listening socket and starts accepting. Returns once bound, so {@link #port()} is valid.
     *
     * @throws UncheckedIOException when the address cannot be bound
     * @throws IllegalStateException when already started or closed
     */
    public synchronized void start() {
        if (started || closed) {
            throw new IllegalStateException(closed ? "server is closed" : "server already started");
        }
        ServerSocket socket = null;
        try {
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(bindAddress, requestedPort), 128);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException("cannot bind " + bindAddress.getHostAddress() + ":" + requestedPort, e);
        }
        serverSocket = socket;
        connectionPool = Executors.newCachedThreadPool(
                namedDaemons(() -> threadNamePrefix + "-conn-" + connectionCounter.incrementAndGet()));
        timer = new ScheduledThreadPoolExecutor(1, namedDaemons(() -> threadNamePrefix + "-timer"));
        timer.setRemoveOnCancelPolicy(true);
        acceptThread = namedDaemons(() -> threadNamePrefix + "-accept").newThread(this::acceptLoop);
        started = true;
        acceptThread.start();
    }

    /**
     * The bound port.
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public int port() {
        if (!started) {
            throw new IllegalStateException("server not started");
        }
        return serverSocket.getLocalPort();
    }

    /**
     * Stops listening, drops every open connection (HTTP and WebSocket, without a closing handshake:
     * listeners see 1006), and waits up to about two seconds until every thread this server started
     * has ended. Idempotent; may be called from any thread, including a handler.
     */
    @Override
    public synchronized void close() {
        List<Connection> open;
        synchronized (connections) {
            if (closed) {
                return;
            }
            closed = true;
            open = new ArrayList<>(connections);
        }
        if (!started) {
            return;
        }
        closeQuietly(serverSocket);
        open.forEach(Connection::close);
        timer.shutdownNow();
        connectionPool.shutdownNow();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
        for (Thread thread : threads) {
            if (thread == Thread.currentThread()) {
                continue; // a handler closing its own server cannot wait for itself
            }
            long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            try {
                if (remaining > 0) {
                    thread.join(remaining);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (thread.isAlive()) {
                LOG.log(System.Logger.Level.WARNING, "thread {0} still running after close", thread.getName());
            }
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.WARNING, "accept failed, stopping server", e);
                }
                return;
            }
            Connection connection;
            try {
                connection = new Connection(this, socket);
            } catch (IOException e) {
                closeQuietly(socket);
                continue;
            }
            boolean full;
            synchronized (connections) {
                if (closed) {
                    connection.close();
                    return;
                }
                full = connections.size() >= maxConnections;
                if (!full) {
                    connections.add(connection);
                }
            }
            if (full) {
                refuseBusy(socket);
                continue;
            }
            try {
                connectionPool.execute(connection);
            } catch (RejectedExecutionException e) {
                connection.close(); // close() is under way
                connectionEnded(connection);
            }
        }
    }

    /**
     * Answers a connection over the cap on the accept thread: the answer fits in the fresh socket's
     * send buffer, so writing it cannot block, and no thread is spent on it.
     */
    private static void refuseBusy(Socket socket) {
        byte[] body = "{\"detail\":\"Too many connections\"}".getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 1\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        try {
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            socket.shutdownOutput();
        } catch (IOException e) {
            // The peer is gone already.
        } finally {
            closeQuietly(socket);
        }
    }

    /**
     * Reserves room for a request body in the server-wide budget.
     *
     * @return false when the bodies held now plus this one would pass the cap
     */
    boolean reserveBody(long bytes) {
        long limit = maxBufferedBodyBytes;
        while (true) {
            long now = bufferedBodyBytes.get();
            if (now + bytes > limit) {
                return false;
            }
            if (bufferedBodyBytes.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    /** Gives back what {@link #reserveBody(long)} took. */
    void releaseBody(long bytes) {
        bufferedBodyBytes.addAndGet(-bytes);
    }

    long idleTimeoutMillis() {
        return idleTimeoutMillis;
    }

    long headTimeoutMillis() {
        return headTimeoutMillis;
    }

    long bodyTimeoutMillis() {
        return bodyTimeoutMillis;
    }

    /** @return the connections open now (HTTP and WebSocket) */
    public int openConnections() {
        synchronized (connections) {
            return connections.size();
        }
    }

    /** A connection thread is done with its socket. */
    void connectionEnded(Connection connection) {
        synchronized (connections) {
            connections.remove(connection);
        }
    }

    /**
     * Runs {@code task} once after {@code delayMillis} on the timer thread.
     *
     * @return the pending task, or {@code null} when the server is closing (the task was not scheduled)
     */
    Future<?> schedule(Runnable task, long delayMillis) {
        try {
            return timer.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    RequestHandler handler() {
        return handler;
    }

    /**
     * Lets requests that the predicate picks (uploads, whose handlers stream the body from its spool
     * file) carry bodies up to {@code bytes}; every other request keeps {@link #maxRequestBodyBytes(long)}.
     *
     * @param streamed which requests, by method and path (without the query), are uploads
     * @param bytes their largest body
     * @return this server
     */
    public PortServer maxStreamedBodyBytes(BiPredicate<String, String> streamed, long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("max streamed body out of range: " + bytes);
        }
        this.streamedBody = Objects.requireNonNull(streamed, "streamed");
        this.maxStreamedBodyBytes = bytes;
        return this;
    }

    long maxBodyBytesFor(RequestHead head) {
        String target = head.target();
        int query = target.indexOf('?');
        String path = query < 0 ? target : target.substring(0, query);
        return streamedBody.test(head.method(), path)
                ? Math.max(maxStreamedBodyBytes, maxRequestBodyBytes)
                : maxRequestBodyBytes;
    }

    long maxRequestBodyBytes() {
        return maxRequestBodyBytes;
    }

    long maxWebSocketMessageBytes() {
        return maxWebSocketMessageBytes;
    }

    private ThreadFactory namedDaemons(Supplier<String> names) {
        return runnable -> {
            Thread thread = new Thread(
                    () -> {
                        try {
                            runnable.run();
                        } finally {
                            threads.remove(Thread.currentThread());
                        }
                    },
                    names.get());
            thread.setDaemon(true);
            threads.add(thread);
            return thread;
        };
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "close failed: {0}", e.toString());
        }
    }
}
