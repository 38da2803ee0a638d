package ai.nodetool.benchmarks;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.session.JobSession;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Round-trip latency of {@code session.getStatus(jobId)} against the in-process test server
 * (Gen C {@code /ws}, MessagePack, loopback): command encoding, the socket both ways, the server's
 * handling, reply matching and completion on the callback executor. SampleTime mode, so JMH reports
 * the percentiles (p50, p99) quoted in docs/performance.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SessionRoundTripBenchmark {
    private NodeToolTestServer server;
    private NodeToolClient client;
    private JobSession session;

    @Setup
    public void start() {
        server = NodeToolTestServer.builder()
                .generation(Generation.CURRENT)
                .pingInterval(java.time.Duration.ZERO)
                .start();
        client = NodeToolClient.builder()
                .baseUrl(server.baseUrl())
                .apiToken(null)
                .build();
        session = client.connect();
    }

    @TearDown
    public void stop() {
        session.close();
        client.close();
        server.close();
    }

    @Benchmark
    public JobStatus getStatus() throws Exception {
        return session.getStatus("bench-job").get(10, TimeUnit.SECONDS);
    }
}
