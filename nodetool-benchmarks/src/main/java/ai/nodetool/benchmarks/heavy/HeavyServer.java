package ai.nodetool.benchmarks.heavy;

import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import java.io.IOException;
import java.io.InputStream;

/**
 * The server side of the heavy benchmarks, run as its own process so that its CPU and heap are not
 * the client's: a legacy (Gen A) and a current (Gen C) test server with the workloads of
 * the heavy workloads registered ({@code registerHeavyWorkloads()}, as the standalone server's
 * {@code --heavy-workloads} does), on free loopback ports. Prints one line
 * {@code READY <legacy base URL> <current base URL>} and serves until its standard input closes.
 *
 * <pre>java -cp … ai.nodetool.benchmarks.heavy.HeavyServer</pre>
 */
public final class HeavyServer {

    private HeavyServer() {}

    public static void main(String[] args) throws IOException {
        int jobs = HeavyWorkloads.JOBS * 2;
        try (NodeToolTestServer legacy = NodeToolTestServer.builder()
                        .generation(Generation.LEGACY)
                        .port(0)
                        .start();
                NodeToolTestServer current = NodeToolTestServer.builder()
                        .generation(Generation.CURRENT)
                        .port(0)
                        .maxConcurrentJobs(jobs)
                        .maxRunsPerWorkflow(jobs)
                        .start()) {
            legacy.registerHeavyWorkloads();
            current.registerHeavyWorkloads();
            System.out.println("READY " + legacy.baseUrl() + " " + current.baseUrl());
            System.out.flush();
            InputStream in = System.in;
            while (in.read() >= 0) {
                // serve until the harness closes our standard input (or kills us)
            }
        }
    }
}
