package ai.nodetool.client.internal.session;

import ai.nodetool.client.internal.flow.PushPublisher;
import ai.nodetool.client.internal.json.Trees;
import ai.nodetool.client.messages.CommandReply;
import ai.nodetool.client.messages.EdgeUpdate;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.JobUpdate;
import ai.nodetool.client.messages.Ping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Supplier;

/**
 * Third stage of the inbound path: sends each decoded frame to where it belongs, and owns the
 * routing table (job id → {@link JobState}).
 *
 * <ul>
 *   <li>every frame, first, to each {@code messages()} publisher;
 *   <li>command replies and server pings to the {@link ControlFrames} sink (the command channel);
 *   <li>a job frame to its job by {@code job_id}; the first {@code job_update} of a job a legacy
 *       server named itself to the job it belongs to (adoption, see {@link #adopt});
 *   <li>anything else (connection-level frames, jobs this session does not follow): nowhere else.
 * </ul>
 *
 * A job leaves the table when it ends ({@link #forget}, wired to the job's end by the session).
 *
 * <p>Lock: {@code lock} guards the table (jobs, the jobs awaiting their first update, recently
 * finished ids) and the ended flag; the listener set is a lock-free copy-on-write set. The job
 * table is a concurrent map, written under the lock; {@link #route} reads it without the lock for a
 * job that has already been routed a frame ({@link JobState#routed}), the common case. No job's
 * monitor is taken while the lock is held (adoption only renames a job, a volatile write). {@link #route} runs on OkHttp's reader thread and must return
 * for OkHttp to read the next frame (under push-back it returns only once the job has room); the table methods are called from application threads, the
 * reconnector and job ends (callback executor, timer, reader thread).
 */
final class FrameRouter {
    private static final System.Logger LOG = System.getLogger(ai.nodetool.client.session.JobSession.class.getName());
    private static final int FINISHED_IDS_KEPT = 4096;
    /** {@link #seqOf}: the frame has no {@code job_seq}. */
    static final long NO_SEQ = Long.MIN_VALUE;

    /** Where frames that are not job updates go: the command channel. */
    interface ControlFrames {
        void onReply(CommandReply reply);

        void onPing(Ping ping);
    }

    private final ControlFrames control;
    private final CopyOnWriteArraySet<PushPublisher<JobMessage>> listeners = new CopyOnWriteArraySet<>();
    // Listeners of connection-level frames only (no job id, protocol-notes §8.1): the session's own
    // watcher of sdk_execution_target and rpc_response frames, which must not cost every job frame a
    // hand-off to another publisher and a hop to the executor (issue 15 profile).
    private final CopyOnWriteArraySet<PushPublisher<JobMessage>> connectionListeners = new CopyOnWriteArraySet<>();

    private final Object lock = new Object();
    // Guarded by lock.
    // Written under lock; a concurrent map so that route() can look a job up without the lock.
    private final Map<String, JobState> jobs = new ConcurrentHashMap<>();
    private final LinkedHashSet<JobState> awaitingFirstUpdate = new LinkedHashSet<>();
    private final Map<String, Boolean> finishedIds = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > FINISHED_IDS_KEPT;
        }
    };
    private boolean ended;
    /**
     * Set once the server shows it keeps the client's job ids: a job frame arrived under the id this
     * session chose, or a job frame carried {@code job_seq} (only current servers stamp it, and they
     * honour client ids). From then on no frame is ever adopted (guarded by {@code lock}).
     */
    private volatile boolean clientIdsHonoured; // written under lock

    FrameRouter(ControlFrames control) {
        this.control = control;
    }

    // ---- inbound ----------------------------------------------------------------------------

    /**
     * Routes one decoded frame (reader thread, in socket order). Under the push-back overflow policy
     * this may wait for a slow subscriber: that is how the socket is held (see {@link JobState}).
     *
     * @param message the frame
     * @param weight its size on the wire in bytes
     */
    void route(JobMessage message, long weight) {
        if (!listeners.isEmpty()) { // no iterator per frame when nobody listens (the common case)
            for (PushPublisher<JobMessage> l : listeners) {
                l.offer(message, weight, false); // messages() subscribers are served on the executor
            }
        }
        if (message instanceof CommandReply) {
            control.onReply((CommandReply) message);
            return;
        }
        if (message instanceof Ping) {
            control.onPing((Ping) message);
            return;
        }
        String id = message.jobId();
        if (id == null && message instanceof EdgeUpdate) {
            id = message.workflowId(); // Gen C kernel quirk: the job id sits in workflow_id (protocol-notes §8.1)
        }
        if (id == null) {
            for (PushPublisher<JobMessage> l : connectionListeners) {
                l.offer(message, weight, false);
            }
            return; // connection-level frame: messages() only
        }
        long seq = seqOf(message);
        JobState job = jobFor(id, message, seq);
        if (job != null) {
            // Under PUSH_BACK this is where the reader thread waits for room in the job's buffer,
            // so that OkHttp stops reading and TCP slows the server (outside the router's lock).
            job.accept(message, weight, seq);
        }
    }

    /**
     * The frame's {@code job_seq} as {@link JobMessage#jobSeq()} reads it (an integral number, or a
     * whole floating-point one), without boxing: read once per frame and handed on.
     *
     * @return the sequence number, or {@link #NO_SEQ} when the frame has none
     */
    static long seqOf(JobMessage message) {
        return Trees.longValue(message.raw(), "job_seq", NO_SEQ);
    }

    private JobState jobFor(String id, JobMessage message, long seq) {
        // Fast path, no lock: a job that already received a frame here is no longer adoptable and no
        // longer awaits its first update, so the table lookup (a concurrent map) is all that is left,
        // once the server has shown it keeps client ids (or the frame carries no job_seq to say so).
        JobState job = jobs.get(id);
        if (job != null && job.routed && (seq == NO_SEQ || clientIdsHonoured)) {
            return job;
        }
        synchronized (lock) {
            if (seq != NO_SEQ) {
                clientIdsHonoured = true;
            }
            job = jobs.get(id);
            if (job != null) {
                if (awaitingFirstUpdate.remove(job)) {
                    clientIdsHonoured = true; // its first frame came under the id this session chose
                }
                job.routed = true;
                return job;
            }
            job = adopt(id, message, seq);
            if (job != null) {
                job.routed = true;
            }
        }
        if (job != null) {
            LOG.log(System.Logger.Level.DEBUG, () -> "Server named job " + id + " itself (legacy)");
        }
        return job; // null: a job this session does not follow, messages() only
    }

    /**
     * A legacy server ignores the client's {@code job_id} and names the job itself (protocol-notes
     * §8.4, Gen A): its first {@code job_update} belongs to the oldest job still waiting for a first
     * update, since the server starts jobs in the order it receives them.
     *
     * <p>A failed update whose id is the workflow id of a waiting job is that job's start failure
     * (Gen A/B name a job that could not start by its workflow id, protocol-notes §8.4), even when it
     * overtakes an older job's first frame.
     *
     * <p>Adoption is a legacy necessity only, so it is strict: never once the server has shown that it
     * keeps client ids (see {@code clientIdsHonoured}), never for a frame with {@code job_seq}, only for a
     * {@code job_update}, and only by a waiting job of the same workflow when the frame names one. Any
     * other frame with an unknown id belongs to nobody here and goes to {@code messages()} only, so a
     * stranger's frames can never complete this session's jobs.
     */
    private JobState adopt(String serverId, JobMessage message, long seq) {
        // Guarded by lock (called from jobFor).
        if (clientIdsHonoured
                || seq != NO_SEQ
                || !(message instanceof JobUpdate)
                || finishedIds.containsKey(serverId)
                || awaitingFirstUpdate.isEmpty()) {
            return null;
        }
        JobState job = null;
        if (((JobUpdate) message).status().isFailure()) {
            // A Gen A/B start failure names the job by its workflow id (protocol-notes §8.4), and may
            // overtake the first frame of an older job: it belongs to the oldest job of that workflow.
            for (JobState j : awaitingFirstUpdate) {
                if (serverId.equals(j.workflowId())) {
                    job = j;
                    break;
                }
            }
        }
        if (job == null) {
            // the server starts jobs in arrival order: the oldest waiting job of the frame's workflow
            String workflow = message.workflowId();
            for (JobState j : awaitingFirstUpdate) {
                if (workflow == null || workflow.equals(j.workflowId())) {
                    job = j;
                    break;
                }
            }
            if (job == null) {
                return null; // a job of another workflow: not ours
            }
        }
        awaitingFirstUpdate.remove(job);
        jobs.remove(job.jobId(), job);
        job.rename(serverId);
        jobs.put(serverId, job);
        return job;
    }

    // ---- the table --------------------------------------------------------------------------

    /**
     * Adds a job started by this session ({@code run_job}); it may be adopted until its first update.
     * A job already routed under the same id (the caller reused an id) is replaced: its frames now
     * reach the new job, and the caller ends the old one (protocol-notes §7.6: the server cancels it).
     *
     * @return the job it replaced, or null; {@code job} itself when the session has ended (not added)
     */
    JobState register(JobState job) {
        synchronized (lock) {
            if (ended) {
                return job;
            }
            JobState old = jobs.put(job.jobId(), job);
            if (old != null) {
                awaitingFirstUpdate.remove(old);
            }
            finishedIds.remove(job.jobId());
            awaitingFirstUpdate.add(job);
            return old;
        }
    }

    /** Removes a job whose {@code run_job} was never sent (it exists nowhere). */
    void unregister(JobState job) {
        synchronized (lock) {
            awaitingFirstUpdate.remove(job);
            jobs.remove(job.jobId(), job);
        }
    }

    /**
     * @return the job routed under {@code jobId}, else a new one from {@code create} (not adoptable:
     *     it was named by the caller); null when the session has ended
     */
    JobState attach(String jobId, Supplier<JobState> create) {
        synchronized (lock) {
            if (ended) {
                return null;
            }
            return jobs.computeIfAbsent(jobId, id -> create.get());
        }
    }

    /** A job ended: stop routing to it, and never adopt its id again. */
    void forget(JobState job) {
        String id = job.jobId();
        synchronized (lock) {
            awaitingFirstUpdate.remove(job);
            finishedIds.put(id, Boolean.TRUE);
            jobs.remove(id, job);
        }
    }

    /** @return the job routed under {@code jobId}, or null */
    JobState get(String jobId) {
        synchronized (lock) {
            return jobs.get(jobId);
        }
    }

    /** @return the jobs routed here, each once, in no particular order */
    List<JobState> jobs() {
        synchronized (lock) {
            return new ArrayList<>(new LinkedHashSet<>(jobs.values()));
        }
    }

    int size() {
        synchronized (lock) {
            return jobs.size();
        }
    }

    // ---- messages() listeners ----------------------------------------------------------------

    /** @return false when the session has ended (the listener was not added) */
    boolean addListener(PushPublisher<JobMessage> listener) {
        synchronized (lock) {
            if (ended) {
                return false;
            }
            listeners.add(listener);
            return true;
        }
    }

    void removeListener(PushPublisher<JobMessage> listener) {
        listeners.remove(listener);
        connectionListeners.remove(listener);
    }

    /**
     * Like {@link #addListener}, for a listener that is offered only connection-level frames (those
     * without a job id).
     *
     * @return false when the session has ended (the listener was not added)
     */
    boolean addConnectionListener(PushPublisher<JobMessage> listener) {
        synchronized (lock) {
            if (ended) {
                return false;
            }
            connectionListeners.add(listener);
            return true;
        }
    }

    /**
     * The session ended: empties the table, fails every job with {@code jobError}, and ends every
     * listener (completes when {@code listenerError} is null). Later registrations are refused.
     */
    void end(Throwable jobError, Throwable listenerError) {
        List<JobState> all;
        synchronized (lock) {
            ended = true;
            all = new ArrayList<>(jobs.values());
            jobs.clear();
            awaitingFirstUpdate.clear();
        }
        for (JobState job : all) {
            job.fail(jobError);
        }
        List<PushPublisher<JobMessage>> ended = new ArrayList<>(listeners);
        ended.addAll(connectionListeners);
        for (PushPublisher<JobMessage> l : ended) {
            if (listenerError == null) {
                l.complete();
            } else {
                l.error(listenerError);
            }
        }
        listeners.clear();
        connectionListeners.clear();
    }
}
