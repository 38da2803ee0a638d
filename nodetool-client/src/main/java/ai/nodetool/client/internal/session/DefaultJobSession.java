package ai.nodetool.client.internal.session;

import ai.nodetool.client.errors.AuthenticationException;
import ai.nodetool.client.errors.CommandRejectedException;
import ai.nodetool.client.errors.NodeToolException;
import ai.nodetool.client.errors.NodeToolHttpException;
import ai.nodetool.client.errors.NodeToolIOException;
import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.errors.NotFoundException;
import ai.nodetool.client.errors.PermissionDeniedException;
import ai.nodetool.client.errors.SessionClosedException;
import ai.nodetool.client.events.NodeToolEventListener;
import ai.nodetool.client.events.SessionInfo;
import ai.nodetool.client.internal.events.RunObserver;
import ai.nodetool.client.internal.events.WireLog;
import ai.nodetool.client.internal.flow.FlowOptions;
import ai.nodetool.client.internal.flow.PushBack;
import ai.nodetool.client.internal.flow.PushPublisher;
import ai.nodetool.client.internal.flow.StreamPublisher;
import ai.nodetool.client.internal.http.HttpCaller;
import ai.nodetool.client.internal.http.RetryInterceptor;
import ai.nodetool.client.messages.CommandReply;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.session.ActiveJob;
import ai.nodetool.client.session.JobHandle;
import ai.nodetool.client.session.JobSession;
import ai.nodetool.client.session.Mode;
import ai.nodetool.client.session.OverflowPolicy;
import ai.nodetool.client.session.RunJobRequest;
import ai.nodetool.client.session.SessionOptions;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The WebSocket session (see {@link JobSession} for the behaviour users rely on): a facade that
 * wires the session's parts and implements the public methods on top of them.
 *
 * <pre>
 *   inbound:  Connection → FrameDecoder → FrameRouter → JobState → job publisher / result
 *                                             ├→ messages() publishers
 *                                             └→ CommandChannel.onReply → command future
 *   outbound: facade / Commands → CommandChannel → Connection.send
 *   loss:     Connection → Reconnector → (Commands, FrameRouter.jobs) or the end of the session
 * </pre>
 *
 * See the package documentation for each part's single lock and threads.
 *
 * <p>Lock: none of its own. The end of the session runs once ({@code ended}, an atomic flag).
 * Called from application threads, and for the session's end also from the reader thread and the
 * timer.
 */
public final class DefaultJobSession implements JobSession {
    private static final System.Logger LOG = System.getLogger(JobSession.class.getName());
    /** The documented logger of session life: open (DEBUG), lost and reconnected (INFO). */
    private static final System.Logger LOG_SESSION = System.getLogger("ai.nodetool.client.session");

    private final SessionOptions options;
    private final List<HttpUrl> candidates;
    private final Set<JobSession> openSessions;
    private final SessionTimer timer = new SessionTimer();
    private final Callbacks callbacks;
    private final FlowOptions flow;
    private final Connection connection;
    private final CommandChannel channel;
    private final Commands commands;
    private final FrameRouter router;
    private final JobContext jobContext;
    private final Reconnector reconnector;
    private final AtomicBoolean ended = new AtomicBoolean();
    // The session's events and wire log (docs/production.md); NONE / null when off.
    private final NodeToolEventListener events;
    private final SessionInfo info;
    private final WireLog wire;
    /** How full publishers wait (PUSH_BACK), or null (FAIL_FAST). */
    private final PushBack pushBack;
    /** Set when the session starts to end: a reader held by push-back lets go at once. */
    private volatile boolean closing;

    private DefaultJobSession(
            HttpSupport http,
            List<HttpUrl> candidates,
            boolean apiKeyInQuery,
            SessionOptions options,
            Executor callbackExecutor,
            Set<JobSession> openSessions) {
        this.options = options;
        this.candidates = candidates;
        this.openSessions = openSessions;
        this.callbacks = new Callbacks(callbackExecutor);
        this.events = http.events();
        this.wire = http.wire();
        this.info = new SessionInfo(
                ai.nodetool.client.internal.events.Routes.withoutQuery(candidates.get(0)), System.nanoTime());
        this.flow = FlowOptions.defaults().withExecutor(callbackExecutor);
        // Wiring. The connection is made after the parts it feeds, so the two paths back to it
        // (frames out, the confirmed mode) and its loss outlet go through the forwarders below.
        this.channel = new CommandChannel(this::sendFrame, timer, options.replyTimeout(), http::scrub);
        this.commands = new Commands(channel, callbacks, this::modeConfirmed);
        this.router = new FrameRouter(channel);
        this.pushBack = options.overflowPolicy() == OverflowPolicy.PUSH_BACK
                ? new PushBack(SessionOptions.UNSUBSCRIBED_BUFFER_BYTES, () -> closing, true)
                : null;
        this.jobContext = new JobContext(
                options.jobBufferSize(),
                pushBack,
                options.terminalGrace(),
                options.cancelTimeout(),
                flow,
                timer,
                callbacks,
                this::sendCancel,
                router::forget,
                http::scrub,
                events);
        FrameDecoder decoder = new FrameDecoder(
                options.maxFrameBytes(), scrubbing(options.protocolErrorHandler(), http::scrub), router);
        this.connection = new Connection(
                webSocketClient(http.okHttp(), options),
                http,
                apiKeyInQuery,
                candidates,
                String.valueOf(options.pingInterval()),
                wire == null ? decoder : logged(decoder, wire),
                this::socketLost);
        this.reconnector =
                new Reconnector(connection, channel, commands, router, timer, options, new Reconnector.Ending() {
                    @Override
                    public void closedBy(Throwable cause) {
                        end(cause, cause);
                    }

                    @Override
                    public void giveUp(Throwable cause) {
                        die(authFailure(cause)); // a reconnect refused with 403 and no body is auth too
                    }

                    @Override
                    public void resumed(int attempt, int jobs) {
                        LOG_SESSION.log(
                                System.Logger.Level.INFO,
                                () -> "WebSocket session " + info.url() + " reconnected (attempt " + attempt + "), "
                                        + jobs + " job(s) resumed");
                        events.sessionReconnect(info, attempt, jobs);
                    }

                    @Override
                    public void replaying(JobState job, long lastSeq) {
                        if (job.observer().active()) {
                            events.jobReplay(info, job.observer().run(), lastSeq);
                        }
                    }
                });
    }

    /** Protocol-error snippets quote server frames: the token is scrubbed from them first. */
    private static Consumer<NodeToolProtocolException> scrubbing(
            Consumer<NodeToolProtocolException> handler, UnaryOperator<String> scrub) {
        return e -> {
            String text = e.getMessage();
            String clean = scrub.apply(text);
            if (clean == null || clean.equals(text)) {
                handler.accept(e);
            } else {
                NodeToolProtocolException scrubbed = new NodeToolProtocolException(
                        clean, null, e.lineNumber().orElse(-1));
                scrubbed.setStackTrace(e.getStackTrace());
                handler.accept(scrubbed);
            }
        };
    }

    private void sendFrame(ObjectNode frame) {
        if (wire != null) {
            wire.frame(true, frame);
        }
        connection.send(frame);
    }

    /** The decoder, with each frame written to the wire log first (decoded to JSON, secrets redacted). */
    private static Connection.Inbound logged(Connection.Inbound decoder, WireLog wire) {
        return new Connection.Inbound() {
            @Override
            public void onText(String text) {
                wire.inboundFrame(false, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                decoder.onText(text);
            }

            @Override
            public void onBinary(okio.ByteString bytes) {
                wire.inboundFrame(true, bytes.toByteArray());
                decoder.onBinary(bytes);
            }
        };
    }

    /**
     * Sends a ready-made frame: the RPC commands of protocol-notes §7.5, whose typed {@code rpc_response}
     * replies reach {@link #messages()} listeners (built and correlated by {@code internal.rpc.RpcCalls}).
     *
     * @param frame the command envelope, with its {@code request_id}
     */
    public void sendRaw(ObjectNode frame) {
        sendFrame(frame);
    }

    /** @return how long a command waits for its reply (the session's options) */
    public java.time.Duration replyTimeout() {
        return options.replyTimeout();
    }

    private void modeConfirmed(Mode mode) {
        connection.mode(mode);
    }

    private void socketLost(Throwable cause, boolean fatal) {
        LOG_SESSION.log(
                System.Logger.Level.INFO, () -> "WebSocket session " + info.url() + " lost: " + cause.getMessage());
        events.sessionDisconnect(info, cause);
        reconnector.onLost(cause, fatal);
    }

    private static OkHttpClient webSocketClient(OkHttpClient base, SessionOptions options) {
        OkHttpClient.Builder b = base.newBuilder().webSocketCloseTimeout(Duration.ofSeconds(5));
        // The session has its own reconnect policy (backoff, bounded attempts); retrying the
        // upgrade inside each attempt as well would multiply the waits.
        b.interceptors().removeIf(i -> i instanceof RetryInterceptor);
        if (!options.pingInterval().isZero()) {
            b.pingInterval(options.pingInterval());
        }
        return b.build();
    }

    /**
     * Opens a session: tries each candidate URL in order, moving to the next only when the upgrade
     * is answered with 404 (a Gen A server has no {@code /ws}, protocol-notes §6.1).
     *
     * @param caller the client's HTTP plumbing (auth, timeouts, executor)
     * @param candidates WebSocket URLs to try, in order
     * @param apiKeyInQuery also send the token as {@code ?api_key=} (protocol-notes §3.1)
     * @param options session options
     * @param openSessions the client's set of live sessions, so that closing the client closes
     *     them: the session is in it from now until it ends (closed, dead, or failed to connect)
     * @return completes with the open session, or fails with the mapped upgrade error
     */
    public static CompletableFuture<JobSession> connect(
            HttpCaller caller,
            List<HttpUrl> candidates,
            boolean apiKeyInQuery,
            SessionOptions options,
            Set<JobSession> openSessions) {
        DefaultJobSession s = new DefaultJobSession(
                httpSupport(caller),
                List.copyOf(candidates),
                apiKeyInQuery,
                options,
                caller.callbackExecutor(),
                Objects.requireNonNull(openSessions, "openSessions"));
        openSessions.add(s);
        CompletableFuture<JobSession> done = new CompletableFuture<>();
        s.connectCandidate(0, done);
        return done;
    }

    /** The only use of the HTTP layer: what the session needs from the client's caller. */
    private static HttpSupport httpSupport(HttpCaller caller) {
        return new HttpSupport() {
            @Override
            public OkHttpClient okHttp() {
                return caller.okHttp();
            }

            @Override
            public String token() {
                return caller.token();
            }

            @Override
            public String scrub(String text) {
                return caller.scrub(text);
            }

            @Override
            public NodeToolException httpError(Response response) {
                return caller.httpError(response);
            }

            @Override
            public NodeToolEventListener events() {
                return caller.events();
            }

            @Override
            public WireLog wire() {
                return caller.wireLog();
            }

            @Override
            public NodeToolException ioError(IOException e, Request request) {
                // On a WebSocket, OkHttp's ProtocolException means a frame broke RFC 6455 and an
                // EOFException that the server closed the TCP stream mid-frame: neither is a truncated
                // HTTP body, which is how the HTTP mapping would describe them.
                String where = "WebSocket "
                        + caller.scrub(
                                request.url().host() + ":" + request.url().port());
                if (e instanceof java.net.ProtocolException) {
                    return new NodeToolProtocolException(
                            where + ": the server broke the WebSocket protocol: " + caller.scrub(e.getMessage()), e);
                }
                if (e instanceof java.io.EOFException) {
                    return new NodeToolIOException(where + ": the server closed the connection mid-frame", e);
                }
                return caller.mapIOException(e, request, true);
            }
        };
    }

    private void connectCandidate(int index, CompletableFuture<JobSession> done) {
        HttpUrl target = candidates.get(index);
        connection.open(target).whenComplete((ignored, failure) -> {
            Throwable error = authFailure(failure);
            if (error != null) {
                if (error instanceof NodeToolHttpException
                        && ((NodeToolHttpException) error).statusCode() == 404
                        && index + 1 < candidates.size()) {
                    LOG.log(
                            System.Logger.Level.DEBUG,
                            () -> "No WebSocket at " + Connection.redact(target) + ", trying the next path");
                    connectCandidate(index + 1, done);
                    return;
                }
                connection.kill(null);
                releaseThreads();
                done.completeExceptionally(error);
                return;
            }
            CompletableFuture<?> ready =
                    options.mode() == Mode.BINARY ? CompletableFuture.completedFuture(null) : setMode(options.mode());
            ready.whenComplete((ignored2, modeError) -> {
                if (modeError != null) {
                    close();
                    done.completeExceptionally(Commands.unwrap(modeError));
                } else {
                    LOG_SESSION.log(System.Logger.Level.DEBUG, () -> "WebSocket session " + info.url() + " open");
                    events.sessionConnect(info);
                    done.complete(this);
                }
            });
        });
    }

    /**
     * Gen A v0.6.1 refuses a socket with bad credentials by closing before the accept, which uvicorn
     * answers with HTTP 403 and an empty body (protocol-notes §3.3): on the upgrade that is an
     * authentication failure, as Gen C's 401 is. A 403 that explains itself stays a permission error.
     */
    private static Throwable authFailure(Throwable error) {
        if (error instanceof PermissionDeniedException) {
            PermissionDeniedException denied = (PermissionDeniedException) error;
            String body = denied.rawBody();
            if (denied.statusCode() == 403 && (body == null || body.isBlank())) {
                AuthenticationException auth = new AuthenticationException(
                        "WebSocket upgrade refused with HTTP 403 and no body: the server (Gen A) rejected the"
                                + " credentials",
                        403,
                        denied.headers(),
                        null,
                        "");
                auth.initCause(denied);
                return auth;
            }
        }
        return error;
    }

    // ---- the end of the session ---------------------------------------------------------------

    /** The session cannot continue: close the connection, and every job and listener fails with {@code cause}. */
    private void die(Throwable cause) {
        closing = true;
        if (connection.kill(cause)) {
            end(cause, cause);
        }
    }

    /** Runs once: fails pending commands and jobs, ends listeners, stops the timer. */
    private void end(Throwable jobError, Throwable listenerError) {
        closing = true;
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        if (listenerError != null) {
            LOG.log(System.Logger.Level.WARNING, "WebSocket session ended: " + listenerError.getMessage());
        }
        channel.failAll(kind -> jobError);
        router.end(jobError, listenerError);
        releaseThreads();
        events.sessionClose(info, listenerError);
    }

    private void releaseThreads() {
        timer.shutdown();
        openSessions.remove(this);
    }

    // ---- JobSession -------------------------------------------------------------------------

    private JobState newJob(String jobId, String workflowId, boolean requireTerminalResult) {
        return new JobState(jobContext, jobId, workflowId, requireTerminalResult);
    }

    @Override
    public JobHandle runJob(RunJobRequest request) {
        Objects.requireNonNull(request, "request");
        JobState job = newJob(request.jobId(), request.workflowId(), request.requireTerminalResult());
        if (connection.isClosed()) {
            throw connection.closedException();
        }
        JobState same = router.get(request.jobId());
        if (same != null && !same.isDone()) {
            job.supersedes(same.lastSeq()); // before any frame can reach the new job
        }
        JobState replaced = router.register(job);
        if (replaced == job) {
            throw connection.closedException();
        }
        CompletableFuture<CommandReply> reply =
                channel.send(ReplyMatcher.Kind.RUN_JOB, null, CommandEncoder.runJob(request));
        if (reply.isCompletedExceptionally() && !reply.isCancelled()) {
            Throwable error = reply.handle((r, e) -> Commands.unwrap(e)).join();
            if (error instanceof NodeToolException && !(error instanceof CommandRejectedException)) {
                router.unregister(job); // never sent: the job does not exist anywhere
                throw (NodeToolException) error;
            }
        }
        if (replaced != null) {
            // The caller reused a job id: the server cancels the older run (protocol-notes §7.6).
            replaced.superseded();
        }
        RunObserver observer = job.observer();
        if (observer.active()) {
            observer.start();
            job.result().whenComplete(observer::end);
        }
        reply.whenComplete((r, error) -> {
            if (error != null) {
                job.acceptanceLost(Commands.unwrap(error)); // lost with the socket: reconnect_job will tell
            } else if (r.isError()) {
                job.fail(runJobRejected(request, r));
            } else {
                job.accepted(r);
            }
        });
        return job;
    }

    /**
     * A refused {@code run_job}. A missing workflow is the same {@link NotFoundException} as over
     * HTTP, carrying the server's text (Gen C: {@code {"error":"invalid_command","details":"Workflow
     * not found: <id>"}}, protocol-notes §7.2); anything else is a {@link CommandRejectedException}.
     */
    private static NodeToolException runJobRejected(RunJobRequest request, CommandReply r) {
        CommandRejectedException rejected = CommandChannel.rejected("run_job", r);
        String details = r.details();
        String text = details != null ? details : r.error();
        if (text != null && text.toLowerCase(java.util.Locale.ROOT).startsWith("workflow not found")) {
            NotFoundException nf = new NotFoundException(
                    "Workflow " + (request.workflowId() == null ? "" : request.workflowId() + " ")
                            + "not found (run_job): " + text,
                    404,
                    Map.of(),
                    text,
                    r.raw().toString());
            nf.initCause(rejected);
            return nf;
        }
        return rejected;
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
        JobState job = router.get(jobId);
        // A job followed here bounds its own end after a cancel (SessionOptions.cancelTimeout).
        return job != null ? job.cancel() : sendCancel(jobId);
    }

    private CompletableFuture<CommandReply> sendCancel(String jobId) {
        return commands.cancelJob(jobId, workflowOf(jobId));
    }

    @Override
    public CompletableFuture<JobStatus> getStatus(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        return commands.getStatus(jobId).whenComplete((status, error) -> {
            if (error == null && JobStatus.NOT_FOUND.equals(status)) {
                JobState job = router.get(jobId);
                if (job != null) {
                    job.statusNotFound(); // a legacy server forgets cancelled jobs (protocol-notes §7.2)
                }
            }
        });
    }

    @Override
    public CompletableFuture<List<ActiveJob>> getStatus() {
        return commands.getStatus();
    }

    @Override
    public CompletableFuture<JobHandle> reconnectJob(String jobId, Long lastSeq) {
        return reconnectJob(jobId, null, lastSeq);
    }

    @Override
    public CompletableFuture<JobHandle> reconnectJob(String jobId, String workflowId, Long lastSeq) {
        Objects.requireNonNull(jobId, "jobId");
        // Attach: Gen C frames carry job_seq, so the one-terminal-frame rule of the SDK profile
        // cannot be assumed for a job started elsewhere.
        JobState job = connection.isClosed() ? null : router.attach(jobId, () -> newJob(jobId, workflowId, false));
        if (job == null) {
            return CompletableFuture.failedFuture(connection.closedException());
        }
        Long seq = lastSeq == null || lastSeq < 0 ? null : lastSeq;
        CompletableFuture<CommandReply> reply =
                commands.reconnectJob(jobId, workflowId != null ? workflowId : job.workflowId(), seq);
        return commands.deliver(reply, r -> {
            if (r.isError()) {
                CommandRejectedException e = CommandChannel.rejected("reconnect_job", r);
                if (isNotFound(r)) {
                    job.gone(r.error());
                } else {
                    job.fail(e);
                }
                throw e;
            }
            job.accepted(r);
            return (JobHandle) job;
        });
    }

    @Override
    public CompletableFuture<Mode> setMode(Mode newMode) {
        Objects.requireNonNull(newMode, "mode");
        return commands.setMode(newMode);
    }

    @Override
    public Mode mode() {
        return connection.mode();
    }

    @Override
    public CompletableFuture<CommandReply> streamInput(String jobId, String input, Object value) {
        return streamInput(jobId, input, value, null);
    }

    @Override
    public CompletableFuture<CommandReply> streamInput(String jobId, String input, Object value, String handle) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(input, "input");
        return commands.streamInput(jobId, workflowOf(jobId), input, value, handle);
    }

    @Override
    public CompletableFuture<CommandReply> endInputStream(String jobId, String input) {
        return endInputStream(jobId, input, null);
    }

    @Override
    public CompletableFuture<CommandReply> endInputStream(String jobId, String input, String handle) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(input, "input");
        return commands.endInputStream(jobId, workflowOf(jobId), input, handle);
    }

    @Override
    public CompletableFuture<Boolean> updateNodeProperties(String jobId, String nodeId, Map<String, ?> properties) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(properties, "properties");
        return commands.updateNodeProperties(jobId, workflowOf(jobId), nodeId, properties);
    }

    @Override
    public CompletableFuture<CommandReply> clearModels() {
        return commands.clearModels();
    }

    /** A reply saying the job does not exist (any generation's wording). */
    static boolean isNotFound(CommandReply r) {
        String text = (r.error() == null ? "" : r.error()) + " " + (r.details() == null ? "" : r.details());
        return text.toLowerCase(java.util.Locale.ROOT).contains("not found");
    }

    private String workflowOf(String jobId) {
        JobState job = router.get(jobId);
        return job == null ? null : job.workflowId();
    }

    @Override
    public Flow.Publisher<JobMessage> messages() {
        return listener("session-messages", false);
    }

    /**
     * Like {@link #messages()}, with only the connection-level frames (those without a job id,
     * protocol-notes §8.1: {@code sdk_execution_target}, {@code rpc_response}, …). For the SDK's own
     * watchers, so that job frames are not handed to one more publisher each.
     *
     * @return a publisher of the connection-level frames read from now on
     */
    public Flow.Publisher<JobMessage> connectionMessages() {
        return listener("session-connection-messages", true);
    }

    private Flow.Publisher<JobMessage> listener(String name, boolean connectionOnly) {
        AtomicReference<PushPublisher<JobMessage>> self = new AtomicReference<>();
        Runnable release = () -> router.removeListener(self.get());
        FlowOptions named = flow.withName(name);
        PushPublisher<JobMessage> p = pushBack == null
                ? StreamPublisher.push(options.jobBufferSize(), null, release, named)
                : StreamPublisher.pushBack(
                        options.jobBufferSize(),
                        new PushBack(pushBack.unsubscribedBytes(), pushBack.stopWaiting(), false),
                        null,
                        release,
                        named);
        self.set(p);
        if (connection.isClosed() || !(connectionOnly ? router.addConnectionListener(p) : router.addListener(p))) {
            p.error(connection.endCause());
        }
        return p;
    }

    @Override
    public String url() {
        return connection.url();
    }

    @Override
    public boolean isOpen() {
        return connection.isOpen();
    }

    @Override
    public void close() {
        // First let go of a reader held by push-back: it must read the server's close answer.
        closing = true;
        if (connection.close()) {
            end(
                    new SessionClosedException("The WebSocket session was closed by the application"
                            + " (the job keeps running on the server)"),
                    null);
        }
    }

    @Override
    public String toString() {
        return "JobSession{url=" + url() + ", open=" + isOpen() + ", jobs=" + router.size() + "}";
    }
}
