package ai.nodetool.examples;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.testserver.DemoWorkflowIds;
import java.io.PrintStream;
import java.util.Map;

/**
 * Streams a run over NDJSON ({@code ?stream=true}) and draws a progress bar from its
 * {@code node_progress} messages: in place in a terminal, as plain lines otherwise.
 *
 * <p>Run: {@code ./mvnw -q -pl nodetool-client-examples exec:java
 * -Dexec.mainClass=ai.nodetool.examples.StreamProgress}
 */
public final class StreamProgress {
    /**
     * @param out where to print
     * @param bar the progress bar to feed
     * @param client the client
     * @param workflowId a workflow that reports {@code node_progress}, e.g. the demo {@code slow}
     * @param params its inputs
     * @return the result
     * @throws ai.nodetool.client.errors.JobFailedException if the run failed
     */
    public RunResult run(
            PrintStream out, ProgressBar bar, NodeToolClient client, String workflowId, Map<String, ?> params) {
        out.println("Streaming workflow '" + workflowId + "' with " + params + " (NDJSON), showing its progress:");
        RunResult result;
        try {
            // Listeners run on the client's delivery thread, one message at a time.
            result = client.workflows().stream(workflowId, params)
                    .onProgress(p -> bar.update(p.progress(), p.total()))
                    .await();
        } finally {
            bar.finish();
        }
        out.println("Finished (" + result.status() + "). Outputs:");
        Show.outputs(out, result);
        return result;
    }

    /**
     * @param args optional number of steps (default 10)
     */
    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        try (ExampleServer server = ExampleServer.start()) {
            System.out.println(server.describe());
            new StreamProgress()
                    .run(
                            System.out,
                            ProgressBar.forConsole(System.out, DemoWorkflowIds.SLOW),
                            server.client(),
                            DemoWorkflowIds.SLOW,
                            Map.of("steps", steps, "delay_ms", 150));
        }
    }
}
