package ai.nodetool.client.observe;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.events.CallInfo;
import ai.nodetool.client.events.NodeToolEventListener;
import ai.nodetool.client.events.RetryInfo;
import ai.nodetool.client.events.RunInfo;
import ai.nodetool.client.events.SessionInfo;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.JobStatus;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Records every event as it comes, in order, with its arguments, for the listener tests. */
final class RecordingListener extends NodeToolEventListener {
    /** One event: its name, the info object it was about, and its other arguments. */
    record Event(String name, Object subject, Object a, Object b) {
        @Override
        public String toString() {
            return name + "(" + subject + (a == null ? "" : ", " + a) + (b == null ? "" : ", " + b) + ")";
        }
    }

    final List<Event> events = new CopyOnWriteArrayList<>();

    private void add(String name, Object subject, Object a, Object b) {
        events.add(new Event(name, subject, a, b));
    }

    List<Event> named(String name) {
        return events.stream().filter(e -> e.name().equals(name)).toList();
    }

    List<String> names() {
        return events.stream().map(Event::name).toList();
    }

    /** Waits (5 s at most, a liveness bound) until an event matches. */
    Event await(Predicate<Event> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (Event e : events) {
                if (condition.test(e)) {
                    return e;
                }
            }
            Thread.sleep(5);
        }
        assertThat(events).as("an event matching the condition within 10 s").anyMatch(condition);
        throw new AssertionError("unreachable");
    }

    Event await(String name) throws InterruptedException {
        return await(e -> e.name().equals(name));
    }

    @Override
    public void callStart(CallInfo call) {
        add("callStart", call, null, null);
    }

    @Override
    public void retry(CallInfo call, RetryInfo retry) {
        add("retry", call, retry, null);
    }

    @Override
    public void callEnd(CallInfo call, int statusCode, Class<? extends RuntimeException> errorType) {
        add("callEnd", call, statusCode, errorType);
    }

    @Override
    public void callFailed(CallInfo call, Throwable error) {
        add("callFailed", call, error, null);
    }

    @Override
    public void jobStart(RunInfo run) {
        add("jobStart", run, null, null);
    }

    @Override
    public void jobQueued(RunInfo run) {
        add("jobQueued", run, null, null);
    }

    @Override
    public void jobCancel(RunInfo run) {
        add("jobCancel", run, null, null);
    }

    @Override
    public void jobEnd(RunInfo run, JobStatus status, Throwable error) {
        add("jobEnd", run, status, error);
    }

    @Override
    public void streamOpen(RunInfo run) {
        add("streamOpen", run, null, null);
    }

    @Override
    public void message(RunInfo run, JobMessage message) {
        add("message", run, message, null);
    }

    @Override
    public void streamEnd(RunInfo run, Throwable error) {
        add("streamEnd", run, error, null);
    }

    @Override
    public void sessionConnect(SessionInfo session) {
        add("sessionConnect", session, null, null);
    }

    @Override
    public void sessionDisconnect(SessionInfo session, Throwable cause) {
        add("sessionDisconnect", session, cause, null);
    }

    @Override
    public void sessionReconnect(SessionInfo session, int attempt, int jobsResumed) {
        add("sessionReconnect", session, attempt, jobsResumed);
    }

    @Override
    public void jobReplay(SessionInfo session, RunInfo run, long lastSeq) {
        add("jobReplay", session, run, lastSeq);
    }

    @Override
    public void sessionClose(SessionInfo session, Throwable cause) {
        add("sessionClose", session, cause, null);
    }
}
