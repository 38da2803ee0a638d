package ai.nodetool.benchmarks;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.session.JobSession;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import java.time.Duration;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH state for the session benchmarks: an in-process current-generation test server (no pings) and one
 * open session of a client without a token, for the whole trial. The server admits as many runs at once as
 * {@link ThousandJobsBenchmark} starts (its default of 4 would queue 996 of them, and the benchmark would time
 * the server's queue rather than the SDK), as the heavy harness's server does.
 */
@State(Scope.Benchmark)
public class CurrentSessionState {
    private NodeToolTestServer server;
    private NodeToolClient client;
    JobSession session;

    @Setup
    public void start() {
        server = NodeToolTestServer.builder()
                .generation(Generation.CURRENT)
                .pingInterval(Duration.ZERO)
                .maxConcurrentJobs(2 * ThousandJobsBenchmark.JOBS)
                .maxRunsPerWorkflow(2 * ThousandJobsBenchmark.JOBS)
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
}
