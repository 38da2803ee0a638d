package ai.nodetool.client.internal.session;

import ai.nodetool.client.AuthenticationException;
import ai.nodetool.client.CommandRejectedException;
import ai.nodetool.client.NodeToolException;
import ai.nodetool.client.NodeToolHttpException;
import ai.nodetool.client.NodeToolIOException;
import ai.nodetool.client.NodeToolProtocolException;
import ai.nodetool.client.NodeToolTimeoutException;
import ai.nodetool.client.PermissionDeniedException;
import ai.nodetool.client.SessionClosedException;
import ai.nodetool.client.internal.codec.Trees;
import ai.nodetool.client.internal.decode.JsonFrameDecoder;
import ai.nodetool.client.internal.decode.MessagePackFrameDecoder;
import ai.nodetool.client.internal.flow.FlowOptions;
import ai.nodetool.client.internal.flow.PushPublisher;
import ai.nodetool.client.internal.flow.StreamPublisher;
import ai.nodetool.client.internal.http.HttpCaller;
import ai.nodetool.client.internal.http.RetryInterceptor;
import ai.nodetool.client.internal.session.ReplyMatcher.Kind;
import ai.nodetool.client.internal.session.ReplyMatcher.Pending;
import ai.nodetool.client.messages.CommandReply;
import ai.nodetool.client.messages.EdgeUpdate;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.messages.JobUpdate;
import ai.nodetool.client.messages.Ping;
import ai.nodetool.client.session.ActiveJob;
import ai.nodetool.client.session.JobHandle;
import ai.nodetool.client.session.JobSession;
import ai.nodetool.client.session.Mode;
import ai.nodetool.client.session.RunJobRequest;
import ai.nodetool.client.session.SessionOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/**
 * The WebSocket session (see {@link JobSession} for the behaviour users rely on). One OkHttp
 * WebSocket at a time; each connection attempt has a number, and callbacks of an older socket are
 * ignored. Frames are decoded and routed on the socket's reader thread, in order. The session's
 * own thread (a single daemon timer) runs reconnect delays, reply timeouts and grace timers, and is
 * stopped by {@link #close()}.
 */
public final class DefaultJobSession implements JobSession {
    private static final System.Logger LOG = System.getLogger(JobSession.class.getName());
    private static final AtomicInteger SESSION_IDS = new AtomicInteger();
    private static final int NORMAL_CLOSURE = 1000;
    private static final int POLICY_VIOLATION = 1008;
    /** How long close() waits for the server to answer its close frame. */
    private static final long CLOSE_HANDSHAKE_WAIT_MS = 1000;
    private static final int FINISHED_IDS_KEPT = 4096;

    private enum State { CONNECTING, OPEN, RECONNECTING, CLOSED }

    private final HttpCaller caller;
    private final SessionOptions options;
    private final boolean apiKeyInQuery;
    private final OkHttpClient wsClient;
    private final List<HttpUrl> candidates;
    private final ScheduledThreadPoolExecutor timer;
    private final Executor callbacks;
    private final FlowOptions flow;
    private final MessagePackFrameDecoder msgpackDecoder;
    private final JsonFrameDecoder jsonDecoder;
    private final ReplyMatcher replies = new ReplyMatcher();
    private final Set<JobSession> openSessions;
    private final Map<String, JobState> jobs = new ConcurrentHashMap<>();
    private final CopyOnWriteArraySet<PushPublisher<JobMessage>> listeners = new CopyOnWriteArraySet<>();

    private final Object lock = new Object();
    // Guarded by lock.
    private State state = State.CONNECTING;
    private WebSocket socket;
    private int connection;
    private HttpUrl url;
    private Throwable fatal;
    private final LinkedHashSet<JobState> awaitingFirstUpdate = new LinkedHashSet<>();
    private final Map<String, Boolean> finishedIds = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > FINISHED_IDS_KEPT;
        }
    };

    private volatile Mode mode = Mode.BINARY;
    /** Set by close(): released when OkHttp reports the socket closed or failed. */
    private volatile CountDownLatch closeAcknowledged;

    private DefaultJobSession(HttpCaller caller, List<HttpUrl> candidates, boolean apiKeyInQuery,
            SessionOptions options, Set<JobSession> openSessions) {
        this.caller = caller;
        this.openSessions = openSessions;
        this.options = options;
        this.apiKeyInQuery = apiKeyInQuery;
        this.candidates = candidates;
        OkHttpClient.Builder b = caller.okHttp().newBuilder()
                .webSocketCloseTimeout(Duration.ofSeconds(5));
        // The session has its own reconnect policy (backoff, bounded attempts); retrying the
        // upgrade inside each attempt as well would multiply the waits.
        b.interceptors().removeIf(i -> i instanceof RetryInterceptor);
        if (!options.pingInterval().isZero()) {
            b.pingInterval(options.pingInterval());
        }
        this.wsClient = b.build();
        int id = SESSION_IDS.incrementAndGet();
        this.timer = new ScheduledThreadPoolExecutor(1, HttpCaller.daemonThreads("nodetool-ws-session-" + id + "-"));
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.callbacks = caller.callbackExecutor();
        this.flow = FlowOptions.defaults().withExecutor(callbacks);
        this.msgpackDecoder = new MessagePackFrameDecoder(options.maxFrameBytes());
        this.jsonDecoder = new JsonFrameDecoder(options.maxFrameBytes());
    }

    /**
     * Opens a session: tries each candidate URL in order, moving to the next only when the upgrade
     * is answered with 404 (a Gen A server has no {@code /ws}, PROTOCOL.md §4.1).
     *
     * @param caller the client's HTTP plumbing (auth, timeouts, executor)
     * @param candidates WebSocket URLs to try, in order
     * @param apiKeyInQuery also send the token as {@code ?api_key=} (PROTOCOL.md §6.1)
     * @param options session options
     * @param openSessions the client's set of live sessions, so that closing the client closes
     *     them: the session is in it from now until it ends (closed, dead, or failed to connect)
     * @return completes with the open session, or fails with the mapped upgrade error
     */
    public static CompletableFuture<JobSession> connect(HttpCaller caller, List<HttpUrl> candidates,
            boolean apiKeyInQuery, SessionOptions options, Set<JobSession> openSessions) {
        DefaultJobSession s = new DefaultJobSession(caller, List.copyOf(candidates), apiKeyInQuery, options,
                Objects.requireNonNull(openSessions, "openSessions"));
        openSessions.add(s);
        CompletableFuture<JobSession> done = new CompletableFuture<>();
        s.connectCandidate(0, done);
        return done;
    }

    private void connectCandidate(int index, CompletableFuture<JobSession> done) {
        HttpUrl target = candidates.get(index);
        open(target).whenComplete((ws, error) -> {
            if (error != null) {
                if (error instanceof NodeToolHttpException
                        && ((NodeToolHttpException) error).statusCode() == 404 && index + 1 < candidates.size()) {
                    LOG.log(System.Logger.Level.DEBUG, () -> "No WebSocket at " + redact(target) + ", trying the next path");
                    connectCandidate(index + 1, done);
                    return;
                }
                shutdownThreads();
                synchronized (lock) {
                    state = State.CLOSED;
                }
                done.completeExceptionally(error);
                return;
            }
            CompletableFuture<?> ready = options.mode() == Mode.BINARY
                    ? CompletableFuture.completedFuture(null) : setMode(options.mode());
            ready.whenComplete((ignored, modeError) -> {
                if (modeError != null) {
                    close();
                    done.completeExceptionally(unwrap(modeError));
                } else {
                    done.complete(this);
                }
            });
        });
    }

    // ---- connections ------------------------------------------------------------------------

    /** Starts one upgrade; completes when it opened (and the socket is installed) or failed. */
    private CompletableFuture<WebSocket> open(HttpUrl target) {
        CompletableFuture<WebSocket> opened = new CompletableFuture<>();
        int number;
        synchronized (lock) {
            if (state == State.CLOSED) {
                opened.completeExceptionally(closedException());
                return opened;
            }
            number = ++connection;
        }
        Request request;
        try {
            HttpUrl u = target;
            String token = caller.token();
            if (apiKeyInQuery && token != null) {
                u = u.newBuilder().setQueryParameter("api_key", token).build();
            }
            request = new Request.Builder().url(u).build();
        } catch (RuntimeException e) {
            opened.completeExceptionally(e);
            return opened;
        }
        wsClient.newWebSocket(request, new Listener(number, target, opened));
        return opened;
    }

    private final class Listener extends WebSocketListener {
        private final int number;
        private final HttpUrl target;
        private final CompletableFuture<WebSocket> opened;

        Listener(int number, HttpUrl target, CompletableFuture<WebSocket> opened) {
            this.number = number;
            this.target = target;
            this.opened = opened;
        }

        private boolean current() {
            synchronized (lock) {
                return number == connection && state != State.CLOSED;
            }
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            synchronized (lock) {
                if (number != connection || state == State.CLOSED) {
                    webSocket.close(NORMAL_CLOSURE, null);
                    opened.completeExceptionally(closedException());
                    return;
                }
                socket = webSocket;
                url = target;
                state = State.OPEN;
                mode = Mode.BINARY; // every connection starts in binary (PROTOCOL.md §4.2)
            }
            LOG.log(System.Logger.Level.DEBUG, () -> "WebSocket open: " + redact(target));
            opened.complete(webSocket);
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            if (current()) {
                onFrame(() -> jsonDecoder.decode(text));
            }
        }

        @Override
        public void onMessage(WebSocket webSocket, ByteString bytes) {
            if (current()) {
                onFrame(() -> msgpackDecoder.decode(bytes.toByteArray()));
            }
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            // Record the loss before answering the close: once close() is called OkHttp refuses
            // sends, and a command sent in between must fail with the session's real cause (e.g.
            // AuthenticationException for 1008), not a generic "closing" error.
            if (!opened.isDone()) {
                opened.completeExceptionally(closeError(code, reason));
            } else {
                onLost(number, closeError(code, reason), code);
            }
            webSocket.close(NORMAL_CLOSURE, null);
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            closeHandshakeDone();
            onLost(number, closeError(code, reason), code);
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            closeHandshakeDone();
            if (!opened.isDone()) {
                opened.completeExceptionally(upgradeOrIoError(t, response));
                return;
            }
            // OkHttp's ping check fails an open socket with a SocketTimeoutException when a ping is
            // not answered by the next interval; say so, instead of a generic "read timed out".
            Throwable error = t instanceof SocketTimeoutException && String.valueOf(t.getMessage()).contains("ping")
                    ? new NodeToolTimeoutException(NodeToolTimeoutException.Kind.IDLE,
                            "WebSocket ping not answered within " + options.pingInterval()
                                    + ": the connection is half-open (" + caller.scrub(String.valueOf(t.getMessage())) + ")", t)
                    : upgradeOrIoError(t, response);
            onLost(number, error, -1);
        }
    }

    private Throwable upgradeOrIoError(Throwable t, Response response) {
        if (response != null && response.code() != 101) {
            try {
                return caller.httpError(response);
            } catch (RuntimeException e) {
                return new NodeToolIOException("WebSocket upgrade refused with HTTP " + response.code(), t);
            }
        }
        if (t instanceof IOException) {
            Request r = new Request.Builder().url(url != null ? url : candidates.get(0)).build();
            return caller.mapIOException((IOException) t, r, true);
        }
        return new NodeToolIOException("WebSocket failed: " + caller.scrub(String.valueOf(t)), t);
    }

    private NodeToolException closeError(int code, String reason) {
        String text = "WebSocket closed by the server with code " + code
                + (reason == null || reason.isEmpty() ? "" : " (" + caller.scrub(reason) + ")");
        if (code == POLICY_VIOLATION) {
            // Gen B accepts the upgrade, then closes with 1008 when auth fails (PROTOCOL.md §6.2).
            return new AuthenticationException(text, 401, Map.of(), reason, "");
        }
        return new NodeToolIOException(text, null);
    }

    private static boolean isFatal(Throwable error) {
        return error instanceof AuthenticationException || error instanceof PermissionDeniedException;
    }

    /** The socket of connection {@code number} is gone. */
    private void onLost(int number, Throwable cause, int closeCode) {
        List<Pending> interrupted;
        boolean fatalLoss = isFatal(cause);
        synchronized (lock) {
            if (number != connection || state == State.CLOSED || state == State.RECONNECTING) {
                return;
            }
            socket = null;
            if (fatalLoss) {
                // Closed in the same step, so a command sent meanwhile fails with this cause
                // (e.g. AuthenticationException), never with "reconnecting".
                state = State.CLOSED;
                fatal = cause;
            } else {
                state = State.RECONNECTING;
            }
            interrupted = replies.drain();
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "WebSocket lost (" + cause.getMessage() + ")");
        for (Pending p : interrupted) {
            cancelTimeout(p);
            failReply(p, fatalLoss ? cause : new NodeToolIOException("Connection lost before the reply to " + p.kind().command()
                    + " arrived (the command may or may not have been applied): " + cause.getMessage(), cause));
        }
        if (fatalLoss) {
            LOG.log(System.Logger.Level.WARNING, "WebSocket session ended: " + cause.getMessage());
            endEverything(cause, cause);
            return;
        }
        if (options.reconnectAttempts() == 0) {
            die(cause);
            return;
        }
        scheduleReconnect(1, cause);
    }

    private void scheduleReconnect(int attempt, Throwable lastError) {
        long base = options.reconnectInitialDelay().toNanos();
        long cap = options.reconnectMaxDelay().toNanos();
        long exp = attempt >= 30 ? cap : Math.min(cap, base << (attempt - 1));
        // Full jitter: uniform in [base/2, exp], so many clients do not reconnect in lockstep.
        long delay = exp <= base / 2 ? exp : ThreadLocalRandom.current().nextLong(base / 2, exp + 1);
        try {
            timer.schedule(() -> reconnect(attempt, lastError), delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            // close() raced us: nothing to do.
        }
    }

    private void reconnect(int attempt, Throwable lastError) {
        HttpUrl target;
        synchronized (lock) {
            if (state != State.RECONNECTING) {
                return;
            }
            target = url;
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "Reconnecting (attempt " + attempt + ") to " + redact(target));
        open(target).whenComplete((ws, error) -> {
            if (error == null) {
                resumeAfterReconnect();
                return;
            }
            if (isFatal(error)) {
                die(error);
            } else if (attempt >= options.reconnectAttempts()) {
                die(new NodeToolIOException("WebSocket connection lost and " + attempt
                        + " reconnect attempt(s) failed; last error: " + error.getMessage(), error));
            } else {
                scheduleReconnect(attempt + 1, error);
            }
        });
    }

    /**
     * Restores the connection's state: mode first, then every live job. {@code run_job} is never
     * resent (a job whose {@code run_job} was lost in flight is unknown to the server and will get
     * "not found").
     */
    private void resumeAfterReconnect() {
        if (options.mode() != Mode.BINARY) {
            setMode(options.mode());
        }
        boolean legacyEndpoint = isLegacyEndpoint();
        for (JobState job : new ArrayList<>(new LinkedHashSet<>(jobs.values()))) {
            if (job.isDone()) {
                continue;
            }
            boolean replay = !legacyEndpoint && (job.sawSeq() || job.frames() == 0);
            if (replay) {
                long last = job.lastSeq();
                failIfRejected(job, command(Kind.RECONNECT_JOB, job.jobId(),
                        CommandEncoder.reconnectJob(job.jobId(), job.workflowId(), last < 0 ? 0L : last)));
            } else {
                resumeLegacy(job);
            }
        }
    }

    /**
     * A server without {@code job_seq} cannot replay from a position (PROTOCOL.md §4.8, Gen A/B): ask
     * where the job stands. A finished job ends with its status (its outputs were lost with the
     * socket); a running one is re-attached with {@code reconnect_job}, which on those servers
     * repeats the current job and node statuses before streaming on.
     */
    private void resumeLegacy(JobState job) {
        getStatus(job.jobId()).whenComplete((status, error) -> {
            if (error != null) {
                if (!(error instanceof SessionClosedException)) {
                    job.fail(new NodeToolIOException("Job " + job.jobId()
                            + " could not be re-attached after a reconnect: " + unwrap(error).getMessage(), unwrap(error)));
                }
                return;
            }
            if (status.isTerminal() || "not_found".equals(status.value())) {
                job.fail(new NodeToolIOException("The connection was lost while job " + job.jobId()
                        + " ran; the server reports it as '" + status.value()
                        + "' and cannot replay its updates (no job_seq: legacy server)", null));
            } else {
                failIfRejected(job, command(Kind.RECONNECT_JOB, job.jobId(),
                        CommandEncoder.reconnectJob(job.jobId(), job.workflowId(), null)));
            }
        });
    }

    /**
     * An error reply to the automatic {@code reconnect_job} means no frame of the job will come
     * again: end it with the rejection, or its publisher and result would wait until close().
     * (Command futures complete with error replies as values; only {@code deliver} turns them
     * into exceptions.) A lost or timed-out reply is left alone: the job's frames may still come.
     */
    private static void failIfRejected(JobState job, CompletableFuture<CommandReply> reply) {
        reply.whenComplete((r, error) -> {
            if (error == null && r.isError()) {
                job.fail(new CommandRejectedException("reconnect_job", r.error(), r.details(), r.raw()));
            }
        });
    }

    private boolean isLegacyEndpoint() {
        synchronized (lock) {
            List<String> segments = url.pathSegments();
            return !segments.isEmpty() && "predict".equals(segments.get(segments.size() - 1));
        }
    }

    /** The session cannot continue: every job and listener fails with {@code cause}. */
    private void closeHandshakeDone() {
        CountDownLatch acknowledged = closeAcknowledged;
        if (acknowledged != null) {
            acknowledged.countDown();
        }
    }

    private void die(Throwable cause) {
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            fatal = cause;
            if (socket != null) {
                socket.cancel();
                socket = null;
            }
        }
        LOG.log(System.Logger.Level.WARNING, "WebSocket session ended: " + cause.getMessage());
        endEverything(cause, cause);
    }

    private void endEverything(Throwable jobError, Throwable listenerError) {
        for (Pending p : replies.drain()) {
            cancelTimeout(p);
            failReply(p, jobError);
        }
        for (JobState job : new ArrayList<>(jobs.values())) {
            job.fail(jobError);
        }
        jobs.clear();
        synchronized (lock) {
            awaitingFirstUpdate.clear();
        }
        for (PushPublisher<JobMessage> l : listeners) {
            if (listenerError == null) {
                l.complete();
            } else {
                l.error(listenerError);
            }
        }
        listeners.clear();
        shutdownThreads();
    }

    private void shutdownThreads() {
        timer.shutdownNow();
        openSessions.remove(this);
    }

    // ---- inbound frames ---------------------------------------------------------------------

    private interface FrameDecoding {
        JobMessage decode();
    }

    private void onFrame(FrameDecoding decoding) {
        JobMessage message;
        try {
            message = decoding.decode();
        } catch (NodeToolProtocolException e) {
            reportProtocolError(e);
            return;
        } catch (RuntimeException e) {
            reportProtocolError(new NodeToolProtocolException("Undecodable WebSocket frame: " + e, e));
            return;
        }
        try {
            route(message);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Routing a WebSocket frame failed", e);
        }
    }

    private void reportProtocolError(NodeToolProtocolException e) {
        try {
            options.protocolErrorHandler().accept(e);
        } catch (RuntimeException hookError) {
            LOG.log(System.Logger.Level.WARNING, "protocolErrorHandler threw", hookError);
        }
    }

    private void route(JobMessage message) {
        for (PushPublisher<JobMessage> l : listeners) {
            l.offer(message);
        }
        if (message instanceof CommandReply) {
            onReply((CommandReply) message);
            return;
        }
        if (message instanceof Ping) {
            sendControl(CommandEncoder.pong(System.currentTimeMillis() / 1000.0));
            return;
        }
        String id = message.jobId();
        if (id == null && message instanceof EdgeUpdate) {
            id = message.workflowId(); // Gen C kernel quirk: the job id sits in workflow_id (§4.7)
        }
        if (id == null) {
            return; // connection-level frame: messages() only
        }
        JobState job = jobs.get(id);
        if (job == null) {
            job = adoptLegacyJob(id, message);
            if (job == null) {
                return; // a job this session does not follow: messages() only
            }
        } else {
            synchronized (lock) {
                awaitingFirstUpdate.remove(job);
            }
        }
        job.accept(message);
    }

    /**
     * A legacy server ignores the client's {@code job_id} and names the job itself (PROTOCOL.md
     * §4.7, Gen A): its first {@code job_update} belongs to the oldest job still waiting for a first
     * update, since the server starts jobs in the order it receives them.
     */
    private JobState adoptLegacyJob(String serverId, JobMessage message) {
        if (!(message instanceof JobUpdate)) {
            return null;
        }
        JobState job;
        synchronized (lock) {
            if (finishedIds.containsKey(serverId) || awaitingFirstUpdate.isEmpty()) {
                return null;
            }
            job = awaitingFirstUpdate.iterator().next();
            awaitingFirstUpdate.remove(job);
            jobs.remove(job.jobId(), job);
            job.rename(serverId);
            jobs.put(serverId, job);
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "Server named job " + serverId + " itself (legacy)");
        return job;
    }

    private void onReply(CommandReply reply) {
        Pending p = replies.match(reply);
        if (p == null) {
            LOG.log(System.Logger.Level.DEBUG, () -> "Unsolicited reply: " + reply.raw());
            return;
        }
        cancelTimeout(p);
        p.reply().complete(reply);
    }

    // ---- outbound ---------------------------------------------------------------------------

    /** Sends a command and returns its (possibly error) reply; fails on send failure or timeout. */
    private CompletableFuture<CommandReply> command(Kind kind, String jobId, ObjectNode frame) {
        Pending p = replies.register(kind, jobId);
        try {
            send(frame);
        } catch (RuntimeException e) {
            replies.remove(p);
            p.reply().completeExceptionally(e);
            return p.reply();
        }
        try {
            p.timeout = timer.schedule(() -> {
                if (replies.remove(p)) {
                    p.reply().completeExceptionally(new NodeToolTimeoutException(NodeToolTimeoutException.Kind.CALL,
                            "No reply to " + kind.command() + " within " + options.replyTimeout(), null));
                }
            }, options.replyTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            // Session closed concurrently; close() fails every pending reply.
        }
        return p.reply();
    }

    private void send(ObjectNode frame) {
        WebSocket ws;
        Mode m;
        synchronized (lock) {
            if (state == State.CLOSED) {
                throw closedException();
            }
            if (state != State.OPEN || socket == null) {
                throw new NodeToolIOException("WebSocket session is reconnecting; try again when it is open", null);
            }
            ws = socket;
            m = mode;
        }
        boolean queued = m == Mode.TEXT ? ws.send(CommandEncoder.toJson(frame))
                : ws.send(ByteString.of(CommandEncoder.toMsgpack(frame)));
        if (!queued) {
            synchronized (lock) {
                if (state == State.CLOSED) {
                    throw closedException();
                }
            }
            throw new NodeToolIOException("WebSocket is closing; the frame was not sent", null);
        }
    }

    private void sendControl(ObjectNode frame) {
        try {
            send(frame);
        } catch (NodeToolException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "Control frame not sent: " + e.getMessage());
        }
    }

    private NodeToolException closedException() {
        Throwable f;
        synchronized (lock) {
            f = fatal;
        }
        if (f instanceof NodeToolException) {
            return (NodeToolException) f;
        }
        return new SessionClosedException("The WebSocket session is closed");
    }

    private static void cancelTimeout(Pending p) {
        ScheduledFuture<?> t = p.timeout;
        if (t != null) {
            t.cancel(false);
        }
    }

    private void failReply(Pending p, Throwable error) {
        p.reply().completeExceptionally(error);
    }

    /** Error replies become {@link CommandRejectedException}s. */
    private static CommandReply requireOk(String command, CommandReply reply) {
        if (reply.isError()) {
            throw new CommandRejectedException(command, reply.error(), reply.details(), reply.raw());
        }
        return reply;
    }

    /** Runs a reply's continuation on the callback executor, so user stages never run on the reader thread. */
    private <T> CompletableFuture<T> deliver(CompletableFuture<CommandReply> reply,
            java.util.function.Function<CommandReply, T> mapping) {
        CompletableFuture<T> out = new CompletableFuture<>();
        reply.whenComplete((r, error) -> {
            if (error != null) {
                fail(out, unwrap(error));
                return;
            }
            T value;
            try {
                value = mapping.apply(r);
            } catch (RuntimeException e) {
                fail(out, e);
                return;
            }
            complete(out, value);
        });
        return out;
    }

    <T> void complete(CompletableFuture<T> f, T value) {
        try {
            callbacks.execute(() -> f.complete(value));
        } catch (RejectedExecutionException e) {
            f.complete(value);
        }
    }

    <T> void fail(CompletableFuture<T> f, Throwable error) {
        try {
            callbacks.execute(() -> f.completeExceptionally(error));
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(error);
        }
    }

    ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        try {
            return timer.schedule(task, delay, unit);
        } catch (RejectedExecutionException closed) {
            return null;
        }
    }

    void jobEnded(JobState job) {
        synchronized (lock) {
            awaitingFirstUpdate.remove(job);
            finishedIds.put(job.jobId(), Boolean.TRUE);
        }
        jobs.remove(job.jobId(), job);
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String redact(HttpUrl u) {
        return u == null ? "null" : u.newBuilder().removeAllQueryParameters("api_key").build().toString();
    }

    // ---- JobSession -------------------------------------------------------------------------

    @Override
    public JobHandle runJob(RunJobRequest request) {
        Objects.requireNonNull(request, "request");
        JobState job = new JobState(this, request.jobId(), request.workflowId(), request.requireTerminalResult(),
                options.jobBufferSize(), flow, options.terminalGrace());
        synchronized (lock) {
            if (state == State.CLOSED) {
                throw closedException();
            }
            if (jobs.containsKey(request.jobId())) {
                throw new IllegalArgumentException("This session already runs a job with id " + request.jobId());
            }
            jobs.put(request.jobId(), job);
            awaitingFirstUpdate.add(job);
        }
        CompletableFuture<CommandReply> reply;
        reply = command(Kind.RUN_JOB, null, CommandEncoder.runJob(request));
        if (reply.isCompletedExceptionally() && !reply.isCancelled()) {
            Throwable error = reply.handle((r, e) -> unwrap(e)).join();
            if (error instanceof NodeToolException && !(error instanceof CommandRejectedException)) {
                // Never sent: the job does not exist anywhere.
                synchronized (lock) {
                    awaitingFirstUpdate.remove(job);
                }
                jobs.remove(request.jobId(), job);
                throw (NodeToolException) error;
            }
        }
        reply.whenComplete((r, error) -> {
            if (error != null) {
                // Lost with the socket: the job may well run; reconnect_job will tell.
                fail(job.acceptedInternal(), unwrap(error));
            } else if (r.isError()) {
                CommandRejectedException rejected =
                        new CommandRejectedException("run_job", r.error(), r.details(), r.raw());
                job.fail(rejected);
            } else {
                complete(job.acceptedInternal(), r);
            }
        });
        return job;
    }

    @Override
    public CompletableFuture<JobHandle> runJobAsync(RunJobRequest request) {
        JobHandle job;
        try {
            job = runJob(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return job.accepted().thenApply(r -> job);
    }

    @Override
    public CompletableFuture<CommandReply> cancelJob(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        JobState job = jobs.get(jobId);
        return deliver(command(Kind.CANCEL_JOB, jobId,
                CommandEncoder.cancelJob(jobId, job == null ? null : job.workflowId())),
                r -> requireOk("cancel_job", r));
    }

    @Override
    public CompletableFuture<JobStatus> getStatus(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        return deliver(command(Kind.GET_STATUS, jobId, CommandEncoder.getStatus(jobId)),
                r -> JobStatus.of(Trees.scalarText(requireOk("get_status", r).raw(), "status")));
    }

    @Override
    public CompletableFuture<List<ActiveJob>> getStatus() {
        return deliver(command(Kind.GET_STATUS_ALL, null, CommandEncoder.getStatus(null)), r -> {
            JsonNode list = requireOk("get_status", r).raw().get("active_jobs");
            List<ActiveJob> out = new ArrayList<>();
            if (list != null && list.isArray()) {
                for (JsonNode j : list) {
                    String id = Trees.scalarText(j, "job_id");
                    if (id != null) {
                        out.add(new ActiveJob(id, Trees.scalarText(j, "workflow_id"),
                                JobStatus.of(Trees.scalarText(j, "status"))));
                    }
                }
            }
            return Collections.unmodifiableList(out);
        });
    }

    @Override
    public CompletableFuture<JobHandle> reconnectJob(String jobId, Long lastSeq) {
        return reconnectJob(jobId, null, lastSeq);
    }

    @Override
    public CompletableFuture<JobHandle> reconnectJob(String jobId, String workflowId, Long lastSeq) {
        Objects.requireNonNull(jobId, "jobId");
        JobState job;
        synchronized (lock) {
            if (state == State.CLOSED) {
                return CompletableFuture.failedFuture(closedException());
            }
            job = jobs.get(jobId);
            if (job == null) {
                // Attach: Gen C frames carry job_seq, so the one-terminal-frame rule of the SDK
                // profile cannot be assumed for a job started elsewhere.
                job = new JobState(this, jobId, workflowId, false, options.jobBufferSize(), flow,
                        options.terminalGrace());
                jobs.put(jobId, job);
            }
        }
        JobState attached = job;
        Long seq = lastSeq == null || lastSeq < 0 ? null : lastSeq;
        CompletableFuture<CommandReply> reply = command(Kind.RECONNECT_JOB, jobId,
                CommandEncoder.reconnectJob(jobId, workflowId != null ? workflowId : job.workflowId(), seq));
        return deliver(reply, r -> {
            if (r.isError()) {
                CommandRejectedException e = new CommandRejectedException("reconnect_job", r.error(), r.details(), r.raw());
                attached.fail(e);
                throw e;
            }
            complete(attached.acceptedInternal(), r);
            return (JobHandle) attached;
        });
    }

    @Override
    public CompletableFuture<Mode> setMode(Mode newMode) {
        Objects.requireNonNull(newMode, "mode");
        return deliver(command(Kind.SET_MODE, null, CommandEncoder.setMode(newMode.wireName())), r -> {
            requireOk("set_mode", r);
            mode = newMode;
            return newMode;
        });
    }

    @Override
    public Mode mode() {
        return mode;
    }

    @Override
    public CompletableFuture<CommandReply> streamInput(String jobId, String input, Object value) {
        return streamInput(jobId, input, value, null);
    }

    @Override
    public CompletableFuture<CommandReply> streamInput(String jobId, String input, Object value, String handle) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(input, "input");
        return deliver(command(Kind.STREAM_INPUT, jobId,
                CommandEncoder.streamInput(jobId, workflowOf(jobId), input, value, handle)),
                r -> requireOk("stream_input", r));
    }

    @Override
    public CompletableFuture<CommandReply> endInputStream(String jobId, String input) {
        return endInputStream(jobId, input, null);
    }

    @Override
    public CompletableFuture<CommandReply> endInputStream(String jobId, String input, String handle) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(input, "input");
        return deliver(command(Kind.END_INPUT_STREAM, jobId,
                CommandEncoder.endInputStream(jobId, workflowOf(jobId), input, handle)),
                r -> requireOk("end_input_stream", r));
    }

    @Override
    public CompletableFuture<Boolean> updateNodeProperties(String jobId, String nodeId, Map<String, ?> properties) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(properties, "properties");
        return deliver(command(Kind.UPDATE_NODE_PROPERTIES, jobId,
                CommandEncoder.updateNodeProperties(jobId, workflowOf(jobId), nodeId, properties)),
                r -> requireOk("update_node_properties", r).raw().path("applied").asBoolean(false));
    }

    @Override
    public CompletableFuture<CommandReply> clearModels() {
        return deliver(command(Kind.CLEAR_MODELS, null, CommandEncoder.clearModels()),
                r -> requireOk("clear_models", r));
    }

    private String workflowOf(String jobId) {
        JobState job = jobs.get(jobId);
        return job == null ? null : job.workflowId();
    }

    @Override
    public Flow.Publisher<JobMessage> messages() {
        PushPublisher<JobMessage>[] holder = newHolder();
        PushPublisher<JobMessage> p = StreamPublisher.push(options.jobBufferSize(), null,
                () -> listeners.remove(holder[0]), flow.withName("session-messages"));
        holder[0] = p;
        Throwable ended;
        synchronized (lock) {
            ended = state == State.CLOSED ? (fatal != null ? fatal : closedException()) : null;
            if (ended == null) {
                listeners.add(p);
            }
        }
        if (ended != null) {
            p.error(ended);
        }
        return p;
    }

    @SuppressWarnings("unchecked")
    private static PushPublisher<JobMessage>[] newHolder() {
        return (PushPublisher<JobMessage>[]) new PushPublisher<?>[1];
    }

    @Override
    public String url() {
        synchronized (lock) {
            return redact(url != null ? url : candidates.get(0));
        }
    }

    @Override
    public boolean isOpen() {
        synchronized (lock) {
            return state == State.OPEN;
        }
    }

    @Override
    public void close() {
        WebSocket ws;
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            ws = socket;
            socket = null;
        }
        if (ws != null) {
            CountDownLatch acknowledged = new CountDownLatch(1);
            closeAcknowledged = acknowledged;
            ws.close(NORMAL_CLOSURE, "client closed the session");
            // Wait (bounded) for the close handshake, so that closing the client right after
            // (which cancels OkHttp's calls) cannot drop the 1000 close frame before it is written.
            try {
                acknowledged.await(CLOSE_HANDSHAKE_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        endEverything(new SessionClosedException("The WebSocket session was closed by the application"
                + " (the job keeps running on the server)"), null);
    }

    @Override
    public String toString() {
        return "JobSession{url=" + url() + ", open=" + isOpen() + ", jobs=" + jobs.size() + "}";
    }
}
