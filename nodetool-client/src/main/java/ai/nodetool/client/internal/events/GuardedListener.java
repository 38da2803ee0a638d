package ai.nodetool.client.internal.events;

import ai.nodetool.client.events.CallInfo;
import ai.nodetool.client.events.NodeToolEventListener;
import ai.nodetool.client.events.RetryInfo;
import ai.nodetool.client.events.RunInfo;
import ai.nodetool.client.events.SessionInfo;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.JobStatus;
import java.util.Objects;

/**
 * Wraps the application's listener so that an exception it throws is logged (logger {@code
 * ai.nodetool.client.events}, WARNING) and goes no further: a listener never breaks a call, a stream or a job.
 * Every hook of the SDK calls the listener through one of these.
 */
public final class GuardedListener extends NodeToolEventListener {
    /** The documented logger of listener failures. */
    public static final String LOGGER = "ai.nodetool.client.events";

    private static final System.Logger LOG = System.getLogger(LOGGER);

    private final NodeToolEventListener delegate;

    private GuardedListener(NodeToolEventListener delegate) {
        this.delegate = delegate;
    }

    /**
     * @param listener the application's listener, may be null
     * @return {@link NodeToolEventListener#NONE} for null or NONE (so the fast path stays an identity check), the
     *     listener itself when it is already guarded, else a guard around it
     */
    public static NodeToolEventListener guard(NodeToolEventListener listener) {
        if (listener == null || listener == NONE || listener instanceof GuardedListener) {
            return listener == null ? NONE : listener;
        }
        return new GuardedListener(listener);
    }

    /** @return the application's listener */
    public NodeToolEventListener delegate() {
        return delegate;
    }

    private void failed(String event, RuntimeException e) {
        LOG.log(
                System.Logger.Level.WARNING,
                () -> "Event listener " + delegate.getClass().getName() + " threw in " + event + " (ignored)",
                e);
    }

    @Override
    public void callStart(CallInfo call) {
        try {
            delegate.callStart(call);
        } catch (RuntimeException e) {
            failed("callStart", e);
        }
    }

    @Override
    public void retry(CallInfo call, RetryInfo retry) {
        try {
            delegate.retry(call, retry);
        } catch (RuntimeException e) {
            failed("retry", e);
        }
    }

    @Override
    public void callEnd(CallInfo call, int statusCode, Class<? extends RuntimeException> errorType) {
        try {
            delegate.callEnd(call, statusCode, errorType);
        } catch (RuntimeException e) {
            failed("callEnd", e);
        }
    }

    @Override
    public void callFailed(CallInfo call, Throwable error) {
        try {
            delegate.callFailed(call, error);
        } catch (RuntimeException e) {
            failed("callFailed", e);
        }
    }

    @Override
    public void jobStart(RunInfo run) {
        try {
            delegate.jobStart(run);
        } catch (RuntimeException e) {
            failed("jobStart", e);
        }
    }

    @Override
    public void jobQueued(RunInfo run) {
        try {
            delegate.jobQueued(run);
        } catch (RuntimeException e) {
            failed("jobQueued", e);
        }
    }

    @Override
    public void jobCancel(RunInfo run) {
        try {
            delegate.jobCancel(run);
        } catch (RuntimeException e) {
            failed("jobCancel", e);
        }
    }

    @Override
    public void jobEnd(RunInfo run, JobStatus status, Throwable error) {
        try {
            delegate.jobEnd(run, status, error);
        } catch (RuntimeException e) {
            failed("jobEnd", e);
        }
    }

    @Override
    public void streamOpen(RunInfo run) {
        try {
            delegate.streamOpen(run);
        } catch (RuntimeException e) {
            failed("streamOpen", e);
        }
    }

    @Override
    public void message(RunInfo run, JobMessage message) {
        try {
            delegate.message(run, message);
        } catch (RuntimeException e) {
            failed("message", e);
        }
    }

    @Override
    public void streamEnd(RunInfo run, Throwable error) {
        try {
            delegate.streamEnd(run, error);
        } catch (RuntimeException e) {
            failed("streamEnd", e);
        }
    }

    @Override
    public void sessionConnect(SessionInfo session) {
        try {
            delegate.sessionConnect(session);
        } catch (RuntimeException e) {
            failed("sessionConnect", e);
        }
    }

    @Override
    public void sessionDisconnect(SessionInfo session, Throwable cause) {
        try {
            delegate.sessionDisconnect(session, cause);
        } catch (RuntimeException e) {
            failed("sessionDisconnect", e);
        }
    }

    @Override
    public void sessionReconnect(SessionInfo session, int attempt, int jobsResumed) {
        try {
            delegate.sessionReconnect(session, attempt, jobsResumed);
        } catch (RuntimeException e) {
            failed("sessionReconnect", e);
        }
    }

    @Override
    public void jobReplay(SessionInfo session, RunInfo run, long lastSeq) {
        try {
            delegate.jobReplay(session, run, lastSeq);
        } catch (RuntimeException e) {
            failed("jobReplay", e);
        }
    }

    @Override
    public void sessionClose(SessionInfo session, Throwable cause) {
        try {
            delegate.sessionClose(session, cause);
        } catch (RuntimeException e) {
            failed("sessionClose", e);
        }
    }

    @Override
    public String toString() {
        return "GuardedListener{" + Objects.toString(delegate) + "}";
    }
}
