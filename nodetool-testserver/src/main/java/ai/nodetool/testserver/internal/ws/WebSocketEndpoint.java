package ai.nodetool.testserver.internal.ws;

import ai.nodetool.testserver.internal.core.Responses;
import ai.nodetool.testserver.internal.core.Router;
import ai.nodetool.testserver.internal.core.ServerState;
import ai.nodetool.testserver.internal.core.SocketControl;
import ai.nodetool.testserver.internal.net.RequestExchange;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The WebSocket endpoint of the generation being played: {@code /predict} (Gen A) or {@code /ws}
 * (Gen C), protocol-notes §6–§9. The router has already authenticated the upgrade (protocol-notes §3).
 *
 * <p>It owns the open {@link Session}s, the job registry (jobs outlive their socket: Gen C's
 * {@code reconnect_job} and {@code cancel_job} reach jobs of other connections through it) and the
 * per-job record of every frame produced (for {@code NodeToolTestServer.framesSent}). Thread-safe.
 * Timers (heartbeats, grace periods, retention) run on the server's scheduler, jobs on the engine's
 * threads; this class starts no thread of its own.
 */
public final class WebSocketEndpoint implements Router.Upgrades, SocketControl, AutoCloseable {
    private static final String RESTARTING = "This server is restarting. Reconnect and try again.";

    private final ServerState state;
    private final WireCodec codec;
    private final MediaEncoder media;
    private final String runnerId = "runner-" + UUID.randomUUID();
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private final Map<String, WebSocketJob> jobs = new ConcurrentHashMap<>();
    private final Map<String, FrameLog> frameLogs = new ConcurrentHashMap<>();
    private final Set<WebSocketJob> inFlight = new java.util.HashSet<>(); // guarded by this
    private volatile boolean closed;

    /** An endpoint for the generation in {@code state}; it accepts upgrades once the router hands them over. */
    public WebSocketEndpoint(ServerState state) {
        this.state = state;
        this.codec =
                new WireCodec(state.json(), state.msgpack(), state.dialect().encodesMapsAsMap16());
        this.media = new MediaEncoder(state.tempStorage());
        // One sweep for all finished jobs, not a timer per job: a long suite finishes jobs faster than
        // their retention ends, and a task per job would pile up on the scheduler.
        long period =
                Math.max(10, Math.min(1000, state.settings().replayRetention().toMillis() / 2));
        try {
            state.scheduler().scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the server is shutting down
        }
    }

    /** Completes the handshake and starts a {@link Session}; answers 503 after {@link #close()}. */
    @Override
    public void upgrade(RequestExchange exchange) throws IOException {
        if (closed) {
            Responses.detail(exchange, 503, "Server is shutting down", Map.of());
            return;
        }
        String host = exchange.header("host");
        Session session = new Session(
                this,
                "ws-" + connections.incrementAndGet(),
                host == null || host.isBlank() ? "127.0.0.1" : host.trim());
        exchange.upgradeToWebSocket(session);
    }

    /**
     * Every job frame produced for this job, in order, as sent (with {@code job_seq} in Gen C),
     * including frames buffered while no socket was attached; empty for an unknown id. Deep copies.
     */
    public List<JsonNode> framesSent(String jobId) {
        FrameLog log = frameLogs.get(jobId);
        return log == null ? List.of() : log.copy();
    }

    /** The number of sockets currently open. */
    public int activeSockets() {
        int open = 0;
        for (Session session : sessions) {
            if (session.isOpen()) {
                open++;
            }
        }
        return open;
    }

    @Override
    public void closeAll(int code, String reason) {
        for (Session session : List.copyOf(sessions)) {
            session.close(code, reason);
        }
    }

    @Override
    public void dropAll() {
        for (Session session : List.copyOf(sessions)) {
            session.abort();
        }
    }

    /**
     * Section 4.9: the dialect's restart notice (Gen C: an {@code error} frame), then a 1012 close. Without {@code keepJobs} every job is cancelled and forgotten first, so a
     * later {@code reconnect_job} finds nothing.
     */
    @Override
    public void restart(boolean keepJobs) {
        if (!keepJobs) {
            forgetJobs();
        }
        for (Session session : List.copyOf(sessions)) {
            state.dialect().restartNotice(RESTARTING).ifPresent(session::send);
            session.close(1012, "Service restart");
        }
    }

    /** Cancels every job and stops every heartbeat; sockets are dropped by the HTTP server's close. */
    @Override
    public void close() {
        closed = true;
        for (Session session : List.copyOf(sessions)) {
            session.stopHeartbeat();
            session.abort();
        }
        sessions.clear();
        forgetJobs();
    }

    private void forgetJobs() {
        for (WebSocketJob job : List.copyOf(jobs.values())) {
            job.forget();
        }
        jobs.clear();
    }

    // ---- for sessions and jobs ---------------------------------------------------------------

    ServerState state() {
        return state;
    }

    WireCodec codec() {
        return codec;
    }

    MediaEncoder media() {
        return media;
    }

    String runnerId() {
        return runnerId;
    }

    void opened(Session session) {
        sessions.add(session);
        if (closed) {
            session.abort();
        }
    }

    void closed(Session session) {
        sessions.remove(session);
    }

    WebSocketJob job(String jobId) {
        return jobs.get(jobId);
    }

    /**
     * Registers a new job under its id. A job with the same id that is still queued or running stays
     * where it is, but commands naming the id now reach the new one; when the new one starts, the older
     * one is cancelled and loses its replay (protocol-notes §7.6).
     */
    synchronized void register(WebSocketJob job) {
        WebSocketJob existing = jobs.get(job.id());
        if (existing != null && existing.phase() != WebSocketJob.Phase.FINISHED) {
            job.supersedes(existing);
        }
        jobs.put(job.id(), job);
        frameLogs.put(job.id(), job.log());
    }

    /**
     * Gen C admission (protocol-notes §7.6): takes a run slot for {@code job} when the runs in flight
     * (one user: every socket's, detached ones included) are below {@code MAX_CONCURRENT_JOBS} and its
     * workflow's live runs are below the workflow's limit (1, or {@code MAX_CONCURRENT_RUNS_PER_WORKFLOW}
     * with {@code concurrent:true}; none for an inline graph without a workflow id).
     */
    synchronized boolean tryAcquireSlot(WebSocketJob job) {
        long running = inFlight.stream().filter(other -> counts(other, job)).count();
        if (running >= state.settings().maxConcurrentJobs()) {
            return false;
        }
        if (!job.workflowId().isEmpty()) {
            int limit = job.concurrent() ? state.settings().maxRunsPerWorkflow() : 1;
            long live = inFlight.stream()
                    .filter(other -> counts(other, job) && other.workflowId().equals(job.workflowId()))
                    .count();
            if (live >= limit) {
                return false;
            }
        }
        inFlight.add(job);
        job.holdSlot();
        return true;
    }

    /**
     * Whether {@code other}, holding a slot, counts against admitting {@code job}. NodeTool frees a run's
     * slot as soon as the run ends: its last frames are only queued on the socket then (protocol-notes
     * §7.6). This server writes each frame before going on, so a run whose large last frame a slow peer
     * is still reading would hold its slot for as long. Another connection's run_job does not wait for
     * that. The run's own connection does: its queue moves only after those frames (its slot is given
     * back in {@link #jobFinished}), which keeps that connection's frames in NodeTool's order.
     */
    private static boolean counts(WebSocketJob other, WebSocketJob job) {
        return !other.runEnded() || other.starter() == job.starter();
    }

    /** Gives a job's run slot back. */
    synchronized void releaseSlot(WebSocketJob job) {
        inFlight.remove(job);
    }

    synchronized void unregister(WebSocketJob job) {
        jobs.remove(job.id(), job);
        frameLogs.remove(job.id(), job.log());
    }

    /** Forgets a job that Gen A/B cancelled: commands naming its id no longer find it (its frame log stays). */
    void drop(WebSocketJob job) {
        jobs.remove(job.id(), job);
    }

    /**
     * A job ended: its run slot frees, and it stays replayable, and listed by {@link #framesSent}, for
     * the retention period (protocol-notes §9.1), unless the retention limits forget it sooner.
     */
    void jobFinished(WebSocketJob job) {
        job.releaseSlot();
        retainFinished(job);
    }

    /** Default number of finished jobs whose frames are kept (for replay and {@link #framesSent}). */
    public static final int DEFAULT_MAX_RETAINED_JOBS = 500;
    /** Default number of frames all finished jobs keep together (logs and replay buffers). */
    public static final int DEFAULT_MAX_RETAINED_FRAMES = 50_000;
    /** Default number of newest frames one job's log keeps. */
    public static final int DEFAULT_MAX_LOGGED_FRAMES_PER_JOB = 10_000;

    private final java.util.ArrayDeque<WebSocketJob> finished = new java.util.ArrayDeque<>(); // guarded by itself
    private volatile int maxRetainedJobs = DEFAULT_MAX_RETAINED_JOBS;
    private volatile int maxRetainedFrames = DEFAULT_MAX_RETAINED_FRAMES;
    private volatile int maxLoggedFramesPerJob = DEFAULT_MAX_LOGGED_FRAMES_PER_JOB;

    /**
     * Sets what finished jobs may keep: at most {@code jobs} of them, holding at most {@code frames}
     * frames together (the oldest job is forgotten first, though the newest is always kept); and how
     * many newest frames each job's log keeps while it runs and after.
     */
    public void retention(int jobs, int frames, int framesPerJob) {
        if (jobs < 1 || frames < 0 || framesPerJob < 0) {
            throw new IllegalArgumentException("retention limits out of range");
        }
        this.maxRetainedJobs = jobs;
        this.maxRetainedFrames = frames;
        this.maxLoggedFramesPerJob = framesPerJob;
    }

    int maxLoggedFramesPerJob() {
        return maxLoggedFramesPerJob;
    }

    /**
     * Bounds what finished jobs hold: beyond the newest {@code maxRetainedJobs}, or while they hold more
     * than {@code maxRetainedFrames} frames together, the oldest is forgotten at once (its frame log and
     * replay state), whatever its retention time left. Without this a server kept across a long suite
     * kept every frame of every job.
     */
    private void retainFinished(WebSocketJob job) {
        List<WebSocketJob> evicted = new ArrayList<>();
        job.markFinishedNow();
        synchronized (finished) {
            finished.addLast(job);
            long held = 0;
            for (WebSocketJob kept : finished) {
                held += kept.framesHeld();
            }
            while (finished.size() > 1 && (finished.size() > maxRetainedJobs || held > maxRetainedFrames)) {
                WebSocketJob old = finished.removeFirst();
                held -= old.framesHeld();
                evicted.add(old);
            }
        }
        forget(evicted);
    }

    /**
     * Forgets the finished jobs whose retention ended (protocol-notes §9.1): their replay, frame log and
     * place in their socket's list. Runs on the scheduler.
     */
    private void sweep() {
        long retention = state.settings().replayRetention().toNanos();
        long now = System.nanoTime();
        List<WebSocketJob> expired = new ArrayList<>();
        synchronized (finished) {
            while (!finished.isEmpty() && now - finished.peekFirst().finishedNanos() >= retention) {
                expired.add(finished.removeFirst());
            }
        }
        forget(expired);
    }

    private void forget(List<WebSocketJob> old) {
        for (WebSocketJob job : old) {
            jobs.remove(job.id(), job);
            frameLogs.remove(job.id(), job.log());
        }
        if (!old.isEmpty()) {
            for (Session session : sessions) {
                for (WebSocketJob job : old) {
                    session.disown(job); // a long-lived socket listed every job it ever ran
                }
            }
        }
    }

    /** The number of finished jobs kept (replayable and listed by {@link #framesSent}). */
    public int retainedJobs() {
        synchronized (finished) {
            return finished.size();
        }
    }

    /** Empties the frame log of every job, running ones included (replay buffers stay: they are protocol state). */
    public void clearFrameLogs() {
        for (FrameLog log : frameLogs.values()) {
            log.clear();
        }
    }
}
