package ai.nodetool.client.hostile;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.session.JobHandle;
import ai.nodetool.client.session.JobSession;
import ai.nodetool.client.session.RunJobRequest;
import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Run by {@link ManyJobsServerTest} in a JVM with a 64 MiB heap: one legacy test server, kept
 * for the whole run, takes {@code args[0]} WebSocket jobs (8 at a time) plus an HTTP run with a body
 * per job; every job completes, {@code /health} answers at the end, and the frame log of the first
 * job is gone (bounded). Prints OK and exits 0, or prints FAIL and exits 1.
 */
public final class ManyJobsServerMain {
    private ManyJobsServerMain() {}

    public static void main(String[] args) throws Exception {
        int jobs = Integer.parseInt(args[0]);
        long start = System.nanoTime();
        try (NodeToolTestServer server = NodeToolTestServer.builder()
                        .generation(Generation.LEGACY)
                        .start();
                NodeToolClient client =
                        NodeToolClient.builder().baseUrl(server.baseUrl()).build();
                JobSession session = client.connect()) {
            String first = null;
            int completed = 0;
            for (int done = 0; done < jobs; ) {
                List<JobHandle> batch = new ArrayList<>();
                for (int i = 0; i < 8 && done + i < jobs; i++) {
                    batch.add(session.runJob(RunJobRequest.builder()
                            .workflowId(DemoWorkflowIds.GREETING)
                            .param("name", "n" + (done + i) + "x".repeat(200))
                            .build()));
                }
                for (JobHandle job : batch) {
                    if (first == null) {
                        first = job.jobId();
                    }
                    RunResult r = job.result().get(30, TimeUnit.SECONDS);
                    if (r.output("greeting") != null) {
                        completed++;
                    }
                }
                done += batch.size();
                client.workflows().run(DemoWorkflowIds.GREETING, java.util.Map.of("name", "y".repeat(2_000)));
            }
            HttpResponse<String> health = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/health"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            Runtime rt = Runtime.getRuntime();
            System.gc();
            System.out.println("jobs=" + jobs + " completed=" + completed + " health=" + health.statusCode()
                    + " firstJobFrames=" + server.framesSent(first).size() + " recorded="
                    + server.requests().size()
                    + " usedHeapMB=" + (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024)
                    + " seconds=" + (System.nanoTime() - start) / 1_000_000_000.0);
            if (completed != jobs
                    || health.statusCode() != 200
                    || !server.framesSent(first).isEmpty()) {
                System.out.println("FAIL");
                System.exit(1);
            }
        }
        System.out.println("OK");
    }
}
