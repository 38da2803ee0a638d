package ai.nodetool.benchmarks;

import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.session.JobHandle;
import ai.nodetool.client.session.JobSession;
import ai.nodetool.client.session.RunJobRequest;
import ai.nodetool.testserver.DemoWorkflowIds;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 15, a thousand jobs: the time (and, with {@code -prof gc}, the allocation) of 1,000
 * concurrent {@code sum} jobs on one session against the in-process test server (Gen C
 * {@code /ws}, MessagePack, loopback), each awaited for its result. The baseline in the same run is
 * 1,000 concurrent {@code get_status} commands on the same session: one command round trip each,
 * so {@code thousandJobs / thousandCommands} is what running a job costs beyond its command.
 * Divide by 1,000 for per-job figures. Run:
 * {@code java -jar nodetool-benchmarks/target/benchmarks.jar ThousandJobsBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ThousandJobsBenchmark {
    static final int JOBS = 1000;

    /** 1,000 concurrent jobs on one session, every result checked. */
    @Benchmark
    public long thousandJobs(CurrentSessionState state) throws Exception {
        JobSession session = state.session;
        List<JobHandle> jobs = new ArrayList<>(JOBS);
        for (int i = 0; i < JOBS; i++) {
            jobs.add(session.runJob(RunJobRequest.builder()
                    .workflowId(DemoWorkflowIds.SUM)
                    .param("a", i)
                    .param("b", 1)
                    .extra("concurrent", true) // several runs of one workflow at once (protocol-notes §7.6)
                    .build()));
        }
        long total = 0;
        for (int i = 0; i < JOBS; i++) {
            RunResult r = jobs.get(i).result().get(60, TimeUnit.SECONDS);
            long sum = ((Number) r.output("sum")).longValue();
            if (sum != i + 1) {
                throw new AssertionError("job " + i + " answered " + sum);
            }
            total += sum;
        }
        return total;
    }

    /** Baseline: 1,000 concurrent get_status commands on the same session. */
    @Benchmark
    public int thousandCommands(CurrentSessionState state) throws Exception {
        JobSession session = state.session;
        List<CompletableFuture<JobStatus>> replies = new ArrayList<>(JOBS);
        for (int i = 0; i < JOBS; i++) {
            replies.add(session.getStatus("bench-" + i));
        }
        int n = 0;
        for (CompletableFuture<JobStatus> r : replies) {
            if (r.get(60, TimeUnit.SECONDS) != null) {
                n++;
            }
        }
        return n;
    }
}
