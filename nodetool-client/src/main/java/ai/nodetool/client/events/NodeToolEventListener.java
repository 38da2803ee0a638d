package ai.nodetool.client.events;

import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.JobStatus;

/**
 * Listens to what a client does, in the style of OkHttp's {@code EventListener}: every method has an empty
 * default, so a listener overrides only what it needs. Set one per client with {@code
 * NodeToolClient.Builder.eventListener(...)}; the optional module {@code nodetool-client-micrometer} provides one
 * that records Micrometer meters and Observations.
 *
 * <p><b>What it sees.</b>
 * <ul>
 *   <li>HTTP calls ({@link CallInfo}): {@link #callStart}, then one {@link #retry} per retry (with its cause and
 *       delay), then {@link #callEnd} when the final response head arrived (whatever its status) or {@link
 *       #callFailed} when no response came (I/O failure, timeout, cancellation). Every request of the SDK goes
 *       through this path: Editor and Worker API calls, the requests that open HTTP streams, uploads and
 *       downloads. WebSocket upgrades are reported as sessions instead.
 *   <li>Runs ({@link RunInfo}): a blocking run, a streamed run (NDJSON or SSE) or a WebSocket job. {@link
 *       #jobStart} when it is sent, {@link #jobQueued} when the server reports it queued, {@link #jobCancel} when
 *       the application asks to cancel it, {@link #jobEnd} once with its final status and error.
 *   <li>Streams: {@link #streamOpen} when a streamed run's HTTP response arrived, {@link #message} for each
 *       message of a streamed run or a WebSocket job (after duplicates replayed by a reconnect were dropped), and
 *       {@link #streamEnd} once when the stream ends, however it ends.
 *   <li>WebSocket sessions ({@link SessionInfo}): {@link #sessionConnect}, {@link #sessionDisconnect} when the
 *       socket is lost, {@link #sessionReconnect} when it is back (with the number of jobs whose replay was asked
 *       for), {@link #jobReplay} for each such job, and {@link #sessionClose} once at the end.
 * </ul>
 *
 * <p><b>Threads and cost.</b> Methods are called on whatever thread does the work: the caller's thread, OkHttp's
 * dispatcher, a stream's delivery executor, the WebSocket reader thread, the session timer. They must be
 * thread-safe and quick, and must not block; {@link #message} in particular runs on the delivery path of every
 * message. When the client's listener is {@link #NONE} (the default), the SDK does not call the hooks at all and
 * allocates nothing per message for them.
 *
 * <p><b>Failures.</b> An exception thrown by a listener method is caught and logged (logger {@code
 * ai.nodetool.client.events}, level WARNING) and never reaches the run: the call, stream or job goes on as if the
 * listener had returned.
 */
public abstract class NodeToolEventListener {
    /** The listener that listens to nothing: the default, and the SDK's signal to skip every hook. */
    public static final NodeToolEventListener NONE = new NodeToolEventListener() {
        @Override
        public String toString() {
            return "NodeToolEventListener.NONE";
        }
    };

    /** For subclasses. */
    protected NodeToolEventListener() {}

    // ---- HTTP calls --------------------------------------------------------------------------

    /**
     * An HTTP call starts (before its first attempt).
     *
     * @param call the call
     */
    public void callStart(CallInfo call) {}

    /**
     * An attempt of {@code call} failed and will be retried after {@link RetryInfo#delay()}.
     *
     * @param call the call
     * @param retry the retry: its number, cause and delay
     */
    public void retry(CallInfo call, RetryInfo retry) {}

    /**
     * The final response head of {@code call} arrived: any status, including errors (the SDK then throws the
     * exception of that status to the application; {@code errorType} names it).
     *
     * @param call the call
     * @param statusCode the HTTP status of the final response
     * @param errorType the SDK exception a non-2xx status becomes (e.g. {@code NotFoundException}), or null for a
     *     2xx response
     */
    public void callEnd(CallInfo call, int statusCode, Class<? extends RuntimeException> errorType) {}

    /**
     * {@code call} ended without a response: I/O failure, timeout or cancellation.
     *
     * @param call the call
     * @param error the failure as the SDK reports it (a {@code NodeToolException})
     */
    public void callFailed(CallInfo call, Throwable error) {}

    // ---- runs --------------------------------------------------------------------------------

    /**
     * A run was sent: a blocking run, a streamed run once subscribed, or a WebSocket {@code run_job}.
     *
     * @param run the run
     */
    public void jobStart(RunInfo run) {}

    /**
     * The server reported the run queued (a {@code job_update} with status {@code queued}), once per run.
     *
     * @param run the run
     */
    public void jobQueued(RunInfo run) {}

    /**
     * The application asked to cancel the run ({@code JobHandle.cancel()}, {@code JobSession.cancelJob}, or
     * cancelling a streamed run before it ended).
     *
     * @param run the run
     */
    public void jobCancel(RunInfo run) {}

    /**
     * The run ended, once: completed ({@code error} null), failed, cancelled, or ended without a status (the
     * connection was lost, the stream was cut, the session closed).
     *
     * @param run the run
     * @param status the final status ({@code completed}, {@code failed}, {@code cancelled}, …), or {@link
     *     JobStatus#UNKNOWN} when the run ended without one
     * @param error the exception the application sees, or null when the run completed
     */
    public void jobEnd(RunInfo run, JobStatus status, Throwable error) {}

    // ---- streams -----------------------------------------------------------------------------

    /**
     * A streamed run's HTTP response arrived with a 2xx status: messages follow.
     *
     * @param run the run
     */
    public void streamOpen(RunInfo run) {}

    /**
     * One message of a streamed run or a WebSocket job, in order, on the thread that decoded it. Keep it cheap.
     *
     * @param run the run
     * @param message the message
     */
    public void message(RunInfo run, JobMessage message) {}

    /**
     * A streamed run's stream ended, once: normally ({@code error} null), with the run's failure, or cut short
     * (cancelled, I/O error, idle timeout).
     *
     * @param run the run
     * @param error why it ended, or null when it ended normally
     */
    public void streamEnd(RunInfo run, Throwable error) {}

    // ---- WebSocket sessions ------------------------------------------------------------------

    /**
     * A WebSocket session is open (after the upgrade and, in text mode, {@code set_mode}).
     *
     * @param session the session
     */
    public void sessionConnect(SessionInfo session) {}

    /**
     * The session's socket was lost; the session will try to reconnect unless {@code cause} is final.
     *
     * @param session the session
     * @param cause why
     */
    public void sessionDisconnect(SessionInfo session, Throwable cause) {}

    /**
     * The session reconnected after a loss.
     *
     * @param session the session
     * @param attempt which reconnect attempt succeeded (1 for the first)
     * @param jobsResumed how many live jobs the session asked the server to resume ({@code reconnect_job}, or
     *     {@code get_status} first on a legacy server)
     */
    public void sessionReconnect(SessionInfo session, int attempt, int jobsResumed) {}

    /**
     * After a reconnect, the session asks the server to replay {@code run}'s frames after {@code lastSeq}
     * ({@code reconnect_job}); replayed frames it already delivered are dropped before {@link #message}.
     *
     * @param session the session
     * @param run the job
     * @param lastSeq the last {@code job_seq} delivered, or -1 when none (a legacy server replays by status)
     */
    public void jobReplay(SessionInfo session, RunInfo run, long lastSeq) {}

    /**
     * The session ended, once: closed by the application ({@code cause} null) or given up.
     *
     * @param session the session
     * @param cause why it ended, or null when the application closed it
     */
    public void sessionClose(SessionInfo session, Throwable cause) {}
}
