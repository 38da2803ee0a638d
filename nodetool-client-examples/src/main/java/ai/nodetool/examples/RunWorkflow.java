package ai.nodetool.examples;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.testserver.DemoWorkflowIds;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;

/**
 * Runs a workflow and waits for its outputs (a blocking run), then prints them.
 *
 * <p>Run: {@code ./mvnw -q -pl nodetool-client-examples exec:java
 * -Dexec.mainClass=ai.nodetool.examples.RunWorkflow -Dexec.args="greeting name=Ada"}. Without
 * arguments it runs the demo {@code greeting} workflow with {@code name=Ada}.
 */
public final class RunWorkflow {
    /**
     * @param out where to print
     * @param client the client
     * @param workflowId the workflow
     * @param params its inputs by name
     * @return the result (status completed)
     * @throws ai.nodetool.client.errors.JobFailedException if the run failed
     */
    public RunResult run(PrintStream out, NodeToolClient client, String workflowId, Map<String, ?> params) {
        out.println("Running workflow '" + workflowId + "' with " + params + " and waiting for its outputs...");
        RunResult result = client.workflows().run(workflowId, params);
        out.println("Finished (" + result.status() + "). Outputs:");
        Show.outputs(out, result);
        return result;
    }

    /**
     * @param args optional workflow id, then {@code name=value} inputs
     */
    public static void main(String[] args) {
        String id = args.length > 0 ? args[0] : DemoWorkflowIds.GREETING;
        Map<String, Object> params = args.length > 1
                ? Params.parse(Arrays.copyOfRange(args, 1, args.length))
                : args.length == 0 ? Params.parse("name=Ada") : Map.of();
        try (ExampleServer server = ExampleServer.start()) {
            System.out.println(server.describe());
            new RunWorkflow().run(System.out, server.client(), id, params);
        }
    }
}
