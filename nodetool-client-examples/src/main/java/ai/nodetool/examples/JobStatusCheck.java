package ai.nodetool.examples;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.messages.NodeProgress;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.session.ActiveJob;
import ai.nodetool.client.session.JobHandle;
import ai.nodetool.client.session.JobSession;
import ai.nodetool.client.session.RunJobRequest;
import ai.nodetool.testserver.DemoWorkflowIds;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Asks the server for job status over a WebSocket session ({@code get_status}): the status of one
 * running job, and the list of this connection's active jobs. Note that {@code get_status} only
 * covers jobs started on the same connection.
 *
 * <p>Run: {@code ./mvnw -q -pl nodetool-client-examples exec:java
 * -Dexec.mainClass=ai.nodetool.examples.JobStatusCheck}
 */
public final class JobStatusCheck {
    /**
     * @param out where to print
     * @param client the client
     * @param workflowId a workflow that runs for a while and reports progress, e.g. the demo {@code slow}
     * @param params its inputs
     * @return the status reported while the job was running
     */
    public JobStatus run(PrintStream out, NodeToolClient client, String workflowId, Map<String, ?> params) {
        try (JobSession session = client.connect()) {
            JobHandle job = session.runJob(RunJobRequest.builder()
                    .workflowId(workflowId)
                    .params(params)
                    .build());
            out.println("Started workflow '" + workflowId
                    + "' over a WebSocket session; waiting for its first progress...");
            FirstMessage.of(job.updates(), NodeProgress.class)
                    .orTimeout(30, TimeUnit.SECONDS)
                    .join();
            JobStatus running = session.getStatus(job.jobId()).join();
            out.println("Status of job " + job.jobId() + ": " + running);
            List<ActiveJob> active = session.getStatus().join();
            out.println("Active jobs on this connection: " + active.size());
            for (ActiveJob a : active) {
                out.println("  " + a.jobId() + " (workflow " + a.workflowId() + "): " + a.status());
            }
            RunResult result = job.result().join();
            out.println("Job " + job.jobId() + " finished: " + result.status() + ", result = "
                    + Show.value(Show.output(result, "result")));
            return running;
        }
    }

    /**
     * @param args none
     */
    public static void main(String[] args) {
        try (ExampleServer server = ExampleServer.start()) {
            System.out.println(server.describe());
            new JobStatusCheck()
                    .run(System.out, server.client(), DemoWorkflowIds.SLOW, Map.of("steps", 10, "delay_ms", 100));
        }
    }
}
