package ai.nodetool.benchmarks;

import ai.nodetool.client.events.NodeToolEventListener;
import ai.nodetool.client.events.RunKind;
import ai.nodetool.client.internal.events.GuardedListener;
import ai.nodetool.client.internal.events.RunObserver;
import ai.nodetool.client.internal.flow.PushPublisher;
import ai.nodetool.client.messages.JobMessage;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The per-message cost of the event-listener hook on the WebSocket job path, in one run: the session's per-frame
 * work (a decoded message through the job's push publisher to a subscriber) as it was before the hook ({@code
 * noHook}), with the hook when nobody listens ({@code noneListener}: what {@code JobState.accept} does with the
 * default listener, one {@code RunObserver.NONE.message(m)} call per message), and with a listener that does
 * nothing ({@code noopListener}: the guarded call, the job-id and queued checks). The ratio {@code noneListener /
 * noHook} is the figure in docs/performance.md; it should be 1 within noise. HTTP streams need no benchmark of
 * their own: when nobody listens they install no hook at all.
 *
 * <p>Messages are decoded once in setup, so the measurement is the hook and the publishing, not decoding.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ListenerHookBenchmark {
    static final int MESSAGES = SessionFrameDecodeBenchmark.FRAMES;

    private final SessionFrameDecodeBenchmark source = new SessionFrameDecodeBenchmark();
    private List<JobMessage> messages;
    private final NodeToolEventListener noop = GuardedListener.guard(new NodeToolEventListener() {});

    @Setup
    public void setUp() throws IOException {
        source.frames();
        messages = source.decoded();
    }

    /** Today's path without any hook. */
    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void noHook(Blackhole bh) {
        PushPublisher<JobMessage> job = JobPublishers.consumedBy(bh, MESSAGES);
        for (JobMessage m : messages) {
            job.offer(m);
        }
        job.complete();
    }

    /** The same path with the hook as the SDK runs it when nobody listens. */
    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void noneListener(Blackhole bh) {
        RunObserver observer = RunObserver.of(NodeToolEventListener.NONE, null, RunKind.WEBSOCKET, "wf-123", "job-1");
        PushPublisher<JobMessage> job = JobPublishers.consumedBy(bh, MESSAGES);
        for (JobMessage m : messages) {
            observer.message(m);
            job.offer(m);
        }
        job.complete();
    }

    /** The same path with a listener that does nothing: the price of listening at all. */
    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void noopListener(Blackhole bh) {
        RunObserver observer = RunObserver.of(noop, null, RunKind.WEBSOCKET, "wf-123", "job-1");
        PushPublisher<JobMessage> job = JobPublishers.consumedBy(bh, MESSAGES);
        for (JobMessage m : messages) {
            observer.message(m);
            job.offer(m);
        }
        job.complete();
    }
}
