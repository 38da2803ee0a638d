package ai.nodetool.examples;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.JobCancelledException;
import ai.nodetool.client.messages.CommandReply;
import ai.nodetool.client.messages.NodeProgress;
import ai.nodetool.client.session.JobHandle;
import ai.nodetool.client.session.JobSession;
import ai.nodetool.client.session.RunJobRequest;
import ai.nodetool.testserver.DemoWorkflowIds;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Starts a long job over a WebSocket session, waits until it reports progress, cancels it
 * ({@code cancel_job}) and shows that it ended as cancelled.
 *
 * <p>Run: {@code ./mvnw -q -pl nodetool-client-examples exec:java
 * -Dexec.mainClass=ai.nodetool.examples.CancelJob}
 */
public final class CancelJob {
    /**
     * @param out where to print
     * @param client the client
     * @param workflowId a long-running workflow that reports progress, e.g. the demo {@code slow}
     * @param params its inputs (make it long enough to be cancelled while running)
     * @return the exception the job ended with
     * @throws IllegalStateException if the job was not cancelled (it finished first, or failed)
     */
    public JobCancelledException run(PrintStream out, NodeToolClient client, String workflowId, Map<String, ?> params) {
        try (JobSession session = client.connect()) {
            JobHandle job = session.runJob(RunJobRequest.builder()
                    .workflowId(workflowId)
                    .params(params)
                    .build());
            out.println("Started workflow '" + workflowId + "' with " + params + " over a WebSocket session.");
            NodeProgress progress = FirstMessage.of(job.updates(), NodeProgress.class)
                    .orTimeout(30, TimeUnit.SECONDS)
                    .join();
            // jobId() is read after the first update: a legacy server names its jobs itself.
            out.println("Job " + job.jobId() + " is running (progress " + Math.round(progress.progress()) + "/"
                    + Math.round(progress.total()) + "); cancelling it...");
            CommandReply reply = job.cancel().join();
            out.println("The server answered: " + reply.message());
            try {
                job.result().join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof JobCancelledException) {
                    JobCancelledException cancelled = (JobCancelledException) e.getCause();
                    out.println("Job " + cancelled.jobId() + " ended: cancelled.");
                    return cancelled;
                }
                throw new IllegalStateException("the job failed instead of being cancelled", e.getCause());
            }
            throw new IllegalStateException("the job completed before it could be cancelled");
        }
    }

    /**
     * @param args none
     */
    public static void main(String[] args) {
        try (ExampleServer server = ExampleServer.start()) {
            System.out.println(server.describe());
            new CancelJob()
                    .run(System.out, server.client(), DemoWorkflowIds.SLOW, Map.of("steps", 100, "delay_ms", 100));
        }
    }
}
