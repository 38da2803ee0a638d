package ai.nodetool.examples;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.session.JobHandle;
import ai.nodetool.client.session.JobSession;
import ai.nodetool.client.session.RunJobRequest;
import ai.nodetool.testserver.DemoWorkflowIds;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Runs several jobs at once over one WebSocket session: starts them all, then waits for every
 * result. The session routes each update to its job by {@code job_id}.
 *
 * <p>Run: {@code ./mvnw -q -pl nodetool-client-examples exec:java
 * -Dexec.mainClass=ai.nodetool.examples.WebSocketJobs}
 */
public final class WebSocketJobs {
    /**
     * @param out where to print
     * @param client the client
     * @param jobs what to run: label to request
     * @return each label's result, in the given order
     * @throws java.util.concurrent.CompletionException wrapping a JobFailedException if a job failed
     */
    public Map<String, RunResult> run(PrintStream out, NodeToolClient client, Map<String, RunJobRequest> jobs) {
        try (JobSession session = client.connect()) {
            out.println("Opened a WebSocket session at " + Show.webSocketUrl(session.url()) + ".");
            Map<String, JobHandle> handles = new LinkedHashMap<>();
            for (Map.Entry<String, RunJobRequest> e : jobs.entrySet()) {
                JobHandle handle = session.runJob(e.getValue());
                handles.put(e.getKey(), handle);
                out.println("  started " + e.getKey());
            }
            out.println("All " + handles.size() + " jobs are running at the same time; waiting for them...");
            List<CompletableFuture<RunResult>> futures = new ArrayList<>();
            handles.values().forEach(h -> futures.add(h.result()));
            CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
                    .join();
            Map<String, RunResult> results = new LinkedHashMap<>();
            for (Map.Entry<String, JobHandle> e : handles.entrySet()) {
                RunResult r = e.getValue().result().join();
                results.put(e.getKey(), r);
                // jobId() is read now: a legacy server names its jobs itself in the first update.
                out.println(
                        "  " + e.getKey() + " (job " + e.getValue().jobId() + ") " + r.status() + ": " + describe(r));
            }
            return results;
        }
    }

    private static String describe(RunResult r) {
        StringBuilder s = new StringBuilder();
        r.outputs()
                .forEach((name, values) -> s.append(s.length() == 0 ? "" : ", ")
                        .append(name)
                        .append(" = ")
                        .append(Show.value(r.output(name))));
        return s.length() == 0 ? "(no outputs)" : s.toString();
    }

    /** @return the demo jobs this example runs: three sums and a greeting */
    public static Map<String, RunJobRequest> demoJobs() {
        Map<String, RunJobRequest> jobs = new LinkedHashMap<>();
        jobs.put(
                "sum 1+2",
                RunJobRequest.builder()
                        .workflowId(DemoWorkflowIds.SUM)
                        .params(Map.of("a", 1, "b", 2))
                        .build());
        jobs.put(
                "sum 20+22",
                RunJobRequest.builder()
                        .workflowId(DemoWorkflowIds.SUM)
                        .params(Map.of("a", 20, "b", 22))
                        .build());
        jobs.put(
                "sum 500+500",
                RunJobRequest.builder()
                        .workflowId(DemoWorkflowIds.SUM)
                        .params(Map.of("a", 500, "b", 500))
                        .build());
        jobs.put(
                "greeting",
                RunJobRequest.builder()
                        .workflowId(DemoWorkflowIds.GREETING)
                        .param("name", "WebSocket")
                        .build());
        return jobs;
    }

    /**
     * @param args none
     */
    public static void main(String[] args) {
        try (ExampleServer server = ExampleServer.start()) {
            System.out.println(server.describe());
            new WebSocketJobs().run(System.out, server.client(), demoJobs());
        }
    }
}
