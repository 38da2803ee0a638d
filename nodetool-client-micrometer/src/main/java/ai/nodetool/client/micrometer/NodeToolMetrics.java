package ai.nodetool.client.micrometer;

import ai.nodetool.client.events.CallInfo;
import ai.nodetool.client.events.NodeToolEventListener;
import ai.nodetool.client.events.RetryInfo;
import ai.nodetool.client.events.RunInfo;
import ai.nodetool.client.events.SessionInfo;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.JobStatus;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records a NodeTool client's events as Micrometer meters and, when given an {@link ObservationRegistry},
 * Observations. Register it as the client's listener:
 *
 * <pre>{@code
 * NodeToolMetrics metrics = NodeToolMetrics.builder(meterRegistry)
 *         .observationRegistry(observationRegistry) // optional: traces through Micrometer Tracing / OpenTelemetry
 *         .build();
 * NodeToolClient client = NodeToolClient.builder().eventListener(metrics).build();
 * }</pre>
 *
 * <p><b>Meters</b> (names with the default prefix {@value #DEFAULT_PREFIX}; every tag has a small, fixed set of
 * values, so the series stay few):
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>Name</th><th>Type</th><th>Tags</th><th>What</th></tr>
 *   <tr><td>{@code nodetool.client.calls}</td><td>timer</td><td>method, route, status, outcome, exception</td>
 *       <td>each HTTP call, retries included, until its final response head or failure</td></tr>
 *   <tr><td>{@code nodetool.client.retries}</td><td>counter</td><td>method, route, reason</td>
 *       <td>each retry; reason is the status ({@code 503}) or the I/O failure ({@code ConnectException})</td></tr>
 *   <tr><td>{@code nodetool.client.runs}</td><td>timer</td><td>kind, status, exception (and workflow)</td>
 *       <td>each run from its start to its end: blocking, streamed, WebSocket</td></tr>
 *   <tr><td>{@code nodetool.client.failures}</td><td>counter</td><td>source ({@code call}, {@code run},
 *       {@code session}), exception</td><td>each failure by exception type</td></tr>
 *   <tr><td>{@code nodetool.client.messages}</td><td>counter</td><td>kind, type</td>
 *       <td>each message of a streamed run or WebSocket job</td></tr>
 *   <tr><td>{@code nodetool.client.jobs.queued}</td><td>counter</td><td>kind</td>
 *       <td>runs the server queued</td></tr>
 *   <tr><td>{@code nodetool.client.jobs.cancels}</td><td>counter</td><td>kind</td>
 *       <td>cancellations the application asked for</td></tr>
 *   <tr><td>{@code nodetool.client.jobs.active}</td><td>gauge</td><td></td><td>runs started and not ended</td></tr>
 *   <tr><td>{@code nodetool.client.sessions.open}</td><td>gauge</td><td></td>
 *       <td>WebSocket sessions connected and not closed</td></tr>
 *   <tr><td>{@code nodetool.client.session.disconnects}</td><td>counter</td><td></td><td>sockets lost</td></tr>
 *   <tr><td>{@code nodetool.client.session.reconnects}</td><td>counter</td><td></td><td>reconnects</td></tr>
 *   <tr><td>{@code nodetool.client.session.replays}</td><td>counter</td><td></td>
 *       <td>jobs whose replay was asked for after a reconnect</td></tr>
 * </table>
 * The {@code workflow} tag (the workflow id) is added to {@code runs} only with {@link Builder#tagWorkflowId(boolean)}:
 * ids are unbounded in number.
 *
 * <p><b>Observations</b>: {@code nodetool.client.call} around each HTTP call and {@code nodetool.client.run} around
 * each run, with the same low-cardinality key values as the meters and, as high-cardinality ones, {@code url},
 * {@code workflow.id} and {@code job.id}. With Micrometer Tracing (for example its OpenTelemetry bridge) they become
 * spans.
 *
 * <p>Thread-safe; one instance may serve several clients.
 */
public final class NodeToolMetrics extends NodeToolEventListener {
    /** The default prefix of every meter and Observation name. */
    public static final String DEFAULT_PREFIX = "nodetool.client";

    private static final String NONE = "none";

    private final MeterRegistry registry;
    private final ObservationRegistry observations;
    private final boolean tagWorkflowId;
    private final Tags commonTags;
    private final String prefix;
    private final AtomicInteger activeJobs = new AtomicInteger();
    private final AtomicInteger openSessions = new AtomicInteger();
    private final Set<RunInfo> activeRuns = ConcurrentHashMap.newKeySet();
    private final Set<SessionInfo> sessions = ConcurrentHashMap.newKeySet();
    private final Map<Object, Observation> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Counter> messageCounters = new ConcurrentHashMap<>();

    private NodeToolMetrics(Builder b) {
        this.registry = b.registry;
        this.observations = b.observations;
        this.tagWorkflowId = b.tagWorkflowId;
        this.commonTags = b.tags;
        this.prefix = b.prefix;
        registry.gauge(prefix + ".jobs.active", commonTags, activeJobs);
        registry.gauge(prefix + ".sessions.open", commonTags, openSessions);
    }

    /**
     * @param registry where the meters go
     * @return a builder
     */
    public static Builder builder(MeterRegistry registry) {
        return new Builder(registry);
    }

    /**
     * @param registry where the meters go
     * @return metrics with the defaults: no Observations, no workflow tag
     */
    public static NodeToolMetrics create(MeterRegistry registry) {
        return builder(registry).build();
    }

    /** @return runs started and not yet ended, as the {@code jobs.active} gauge reports */
    public int activeJobs() {
        return activeJobs.get();
    }

    /** @return WebSocket sessions connected and not yet closed, as the {@code sessions.open} gauge reports */
    public int openSessions() {
        return openSessions.get();
    }

    // ---- calls -----------------------------------------------------------------------------------

    @Override
    public void callStart(CallInfo call) {
        if (observations != null) {
            Observation o = Observation.createNotStarted(prefix + ".call", observations)
                    .contextualName(call.method() + " " + call.route())
                    .lowCardinalityKeyValue("method", call.method())
                    .lowCardinalityKeyValue("route", call.route())
                    .highCardinalityKeyValue("url", call.url())
                    .start();
            inFlight.put(call, o);
        }
    }

    @Override
    public void retry(CallInfo call, RetryInfo retry) {
        registry.counter(
                        prefix + ".retries",
                        commonTags.and("method", call.method(), "route", call.route(), "reason", retry.reason()))
                .increment();
        Observation o = observations == null ? null : inFlight.get(call);
        if (o != null) {
            o.event(Observation.Event.of(prefix + ".retry", "retry " + retry.attempt() + " (" + retry.reason() + ")"));
        }
    }

    @Override
    public void callEnd(CallInfo call, int statusCode, Class<? extends RuntimeException> errorType) {
        String exception = errorType == null ? NONE : errorType.getSimpleName();
        recordCall(call, Integer.toString(statusCode), outcome(statusCode), exception);
        if (errorType != null) {
            failure("call", exception);
        }
        stop(call, KeyValues.of("status", Integer.toString(statusCode), "outcome", outcome(statusCode)), null);
    }

    @Override
    public void callFailed(CallInfo call, Throwable error) {
        String exception = error.getClass().getSimpleName();
        recordCall(call, "IO_ERROR", "UNKNOWN", exception);
        failure("call", exception);
        stop(call, KeyValues.of("status", "IO_ERROR", "outcome", "UNKNOWN"), error);
    }

    private void recordCall(CallInfo call, String status, String outcome, String exception) {
        Timer.builder(prefix + ".calls")
                .description("HTTP calls of the NodeTool client, retries included")
                .tags(commonTags)
                .tags(
                        "method",
                        call.method(),
                        "route",
                        call.route(),
                        "status",
                        status,
                        "outcome",
                        outcome,
                        "exception",
                        exception)
                .register(registry)
                .record(System.nanoTime() - call.startNanos(), TimeUnit.NANOSECONDS);
    }

    private static String outcome(int status) {
        if (status >= 200 && status < 300) {
            return "SUCCESS";
        }
        if (status >= 300 && status < 400) {
            return "REDIRECTION";
        }
        if (status >= 400 && status < 500) {
            return "CLIENT_ERROR";
        }
        return status >= 500 && status < 600 ? "SERVER_ERROR" : "UNKNOWN";
    }

    // ---- runs ------------------------------------------------------------------------------------

    @Override
    public void jobStart(RunInfo run) {
        if (activeRuns.add(run)) {
            activeJobs.incrementAndGet();
        }
        if (observations != null) {
            Observation o = Observation.createNotStarted(prefix + ".run", observations)
                    .contextualName("run " + run.kind().tagValue())
                    .lowCardinalityKeyValue("kind", run.kind().tagValue());
            if (run.workflowId() != null) {
                o.highCardinalityKeyValue("workflow.id", run.workflowId());
            }
            inFlight.put(run, o.start());
        }
    }

    @Override
    public void jobQueued(RunInfo run) {
        registry.counter(
                        prefix + ".jobs.queued",
                        commonTags.and("kind", run.kind().tagValue()))
                .increment();
    }

    @Override
    public void jobCancel(RunInfo run) {
        registry.counter(
                        prefix + ".jobs.cancels",
                        commonTags.and("kind", run.kind().tagValue()))
                .increment();
    }

    @Override
    public void jobEnd(RunInfo run, JobStatus status, Throwable error) {
        if (activeRuns.remove(run)) {
            activeJobs.decrementAndGet();
        }
        String exception = error == null ? NONE : error.getClass().getSimpleName();
        Tags tags = commonTags.and("kind", run.kind().tagValue(), "status", status.value(), "exception", exception);
        if (tagWorkflowId) {
            tags = tags.and("workflow", run.workflowId() == null ? NONE : run.workflowId());
        }
        Timer.builder(prefix + ".runs")
                .description("Runs of the NodeTool client, from start to end")
                .tags(tags)
                .register(registry)
                .record(System.nanoTime() - run.startNanos(), TimeUnit.NANOSECONDS);
        if (error != null) {
            failure("run", exception);
        }
        KeyValues values = KeyValues.of("status", status.value(), "exception", exception);
        if (run.jobId() != null) {
            Observation o = observations == null ? null : inFlight.get(run);
            if (o != null) {
                o.highCardinalityKeyValue("job.id", run.jobId());
            }
        }
        stop(run, values, error);
    }

    @Override
    public void message(RunInfo run, JobMessage message) {
        String key = run.kind().tagValue() + '\0' + message.type();
        Counter c = messageCounters.get(key);
        if (c == null) {
            c = messageCounters.computeIfAbsent(
                    key,
                    k -> registry.counter(
                            prefix + ".messages",
                            commonTags.and("kind", run.kind().tagValue(), "type", message.type())));
        }
        c.increment();
    }

    // ---- sessions --------------------------------------------------------------------------------

    @Override
    public void sessionConnect(SessionInfo session) {
        if (sessions.add(session)) {
            openSessions.incrementAndGet();
        }
    }

    @Override
    public void sessionDisconnect(SessionInfo session, Throwable cause) {
        registry.counter(prefix + ".session.disconnects", commonTags).increment();
        failure("session", cause.getClass().getSimpleName());
    }

    @Override
    public void sessionReconnect(SessionInfo session, int attempt, int jobsResumed) {
        registry.counter(prefix + ".session.reconnects", commonTags).increment();
    }

    @Override
    public void jobReplay(SessionInfo session, RunInfo run, long lastSeq) {
        registry.counter(prefix + ".session.replays", commonTags).increment();
    }

    @Override
    public void sessionClose(SessionInfo session, Throwable cause) {
        if (sessions.remove(session)) {
            openSessions.decrementAndGet();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private void failure(String source, String exception) {
        registry.counter(prefix + ".failures", commonTags.and("source", source, "exception", exception))
                .increment();
    }

    private void stop(Object key, KeyValues values, Throwable error) {
        Observation o = observations == null ? null : inFlight.remove(key);
        if (o == null) {
            return;
        }
        o.lowCardinalityKeyValues(values);
        if (error != null) {
            o.error(error);
        }
        o.stop();
    }

    @Override
    public String toString() {
        return "NodeToolMetrics{registry=" + registry.getClass().getSimpleName() + ", observations="
                + (observations != null) + ", tagWorkflowId=" + tagWorkflowId + "}";
    }

    /** Builder for {@link NodeToolMetrics}. Not thread-safe. */
    public static final class Builder {
        private final MeterRegistry registry;
        private ObservationRegistry observations;
        private boolean tagWorkflowId;
        private Tags tags = Tags.empty();
        private String prefix = DEFAULT_PREFIX;

        private Builder(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /**
         * @param registry where the {@code nodetool.client.call} and {@code nodetool.client.run} Observations go
         *     (none by default)
         * @return this builder
         */
        public Builder observationRegistry(ObservationRegistry registry) {
            this.observations = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * @param enabled tag {@code runs} with the workflow id; off by default, because ids are unbounded in number
         *     (one time series per workflow)
         * @return this builder
         */
        public Builder tagWorkflowId(boolean enabled) {
            this.tagWorkflowId = enabled;
            return this;
        }

        /**
         * @param extra tags added to every meter (for example the client's name when an application has several)
         * @return this builder
         */
        public Builder tags(Iterable<Tag> extra) {
            this.tags = this.tags.and(extra);
            return this;
        }

        /**
         * @param namePrefix the prefix of every meter and Observation name (default {@value NodeToolMetrics#DEFAULT_PREFIX})
         * @return this builder
         */
        public Builder prefix(String namePrefix) {
            this.prefix = Objects.requireNonNull(namePrefix, "namePrefix");
            return this;
        }

        /** @return the metrics listener; its gauges are registered now */
        public NodeToolMetrics build() {
            return new NodeToolMetrics(this);
        }
    }
}
