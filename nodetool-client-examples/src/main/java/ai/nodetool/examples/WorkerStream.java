package ai.nodetool.examples;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.messages.JobUpdate;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.testserver.DemoWorkflowIds;
import java.io.PrintStream;
import java.util.Map;

/**
 * Streams a run from the Worker API as server-sent events ({@code POST /workflows/{id}/run/stream},
 * Gen A/B deployments): prints each job status and each output value as it arrives.
 *
 * <p>Run: {@code ./mvnw -q -pl nodetool-client-examples exec:java
 * -Dexec.mainClass=ai.nodetool.examples.WorkerStream -Dexec.args="Hello from the worker"}
 */
public final class WorkerStream {
    /**
     * @param out where to print
     * @param client the client (its worker URL is used)
     * @param workflowId a workflow whose output streams, e.g. the demo {@code text-stream}
     * @param params its inputs
     * @return the result
     * @throws ai.nodetool.client.errors.JobFailedException if the run failed
     */
    public RunResult run(PrintStream out, NodeToolClient client, String workflowId, Map<String, ?> params) {
        out.println("Streaming workflow '" + workflowId + "' from the Worker API at " + client.workerUrl() + " (SSE):");
        RunResult result = client.worker().stream(workflowId, params)
                .onMessage(m -> {
                    if (m instanceof JobUpdate) {
                        out.println("  job " + ((JobUpdate) m).status());
                    }
                })
                .onOutput(o -> out.println(
                        "  output " + (o.outputName() != null ? o.outputName() : o.nodeName()) + " <- " + o.value()))
                .await();
        out.println("Finished (" + result.status() + "). Outputs:");
        Show.outputs(out, result);
        return result;
    }

    /**
     * @param args optional text to stream word by word
     */
    public static void main(String[] args) {
        String text = args.length > 0 ? String.join(" ", args) : "Streaming from the worker, word by word";
        try (ExampleServer server = ExampleServer.start()) {
            System.out.println(server.describe());
            new WorkerStream().run(System.out, server.client(), DemoWorkflowIds.TEXT_STREAM, Map.of("text", text));
        }
    }
}
