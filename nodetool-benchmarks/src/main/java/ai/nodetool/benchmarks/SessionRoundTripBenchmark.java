package ai.nodetool.benchmarks;

import ai.nodetool.client.messages.JobStatus;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Round-trip latency of {@code session.getStatus(jobId)} against the in-process test server
 * (Gen C {@code /ws}, MessagePack, loopback): command encoding, the socket both ways, the server's
 * handling, reply matching and completion on the callback executor. SampleTime mode, so JMH reports
 * the percentiles (p50, p99).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SessionRoundTripBenchmark {
    @Benchmark
    public JobStatus getStatus(CurrentSessionState state) throws Exception {
        return state.session.getStatus("bench-job").get(10, TimeUnit.SECONDS);
    }
}
