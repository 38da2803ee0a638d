package ai.nodetool.examples;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.workflows.Workflow;
import java.io.PrintStream;

/**
 * Lists every workflow the server shows this user, page by page.
 *
 * <p>Run: {@code ./mvnw -q -pl nodetool-client-examples exec:java -Dexec.mainClass=ai.nodetool.examples.ListWorkflows}
 */
public final class ListWorkflows {
    /**
     * @param out where to print
     * @param client the client
     * @return how many workflows were listed
     */
    public int run(PrintStream out, NodeToolClient client) {
        out.println("Listing the workflows on " + client.baseUrl() + ":");
        int count = 0;
        // listAll() fetches further pages lazily while iterating.
        for (Workflow w : client.workflows().listAll()) {
            count++;
            out.println("  " + w.id() + "  " + w.name() + (w.tags().isEmpty() ? "" : "  " + w.tags()));
        }
        out.println(count + " workflow" + (count == 1 ? "" : "s") + ".");
        return count;
    }

    /**
     * @param args none
     */
    public static void main(String[] args) {
        try (ExampleServer server = ExampleServer.start()) {
            System.out.println(server.describe());
            new ListWorkflows().run(System.out, server.client());
        }
    }
}
