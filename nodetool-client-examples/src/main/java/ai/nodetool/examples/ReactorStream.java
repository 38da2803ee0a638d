package ai.nodetool.examples;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.OutputUpdate;
import ai.nodetool.client.streaming.JobStream;
import ai.nodetool.testserver.DemoWorkflowIds;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;

/**
 * Consumes a {@link JobStream} with Project Reactor. A JobStream is a standard
 * {@link java.util.concurrent.Flow.Publisher}, so {@link JdkFlowAdapter} turns it into a
 * {@link Flux}, with Reactor's operators and backpressure. (RxJava 3 works the same way with
 * {@code FlowAdapters.toPublisher(stream)} from reactive-streams and {@code Flowable.fromPublisher}.)
 *
 * <p>Run: {@code ./mvnw -q -pl nodetool-client-examples exec:java
 * -Dexec.mainClass=ai.nodetool.examples.ReactorStream}
 */
public final class ReactorStream {
    /**
     * @param out where to print
     * @param client the client
     * @param workflowId a workflow with a streamed text output, e.g. the demo {@code text-stream}
     * @param params its inputs
     * @return the words, upper-cased, in the order they arrived
     * @throws ai.nodetool.client.errors.JobFailedException (from the Flux) if the run failed
     */
    public List<String> run(PrintStream out, NodeToolClient client, String workflowId, Map<String, ?> params) {
        out.println("Streaming workflow '" + workflowId + "' through a Reactor Flux:");
        Flux<JobMessage> messages = JdkFlowAdapter.flowPublisherToFlux(client.workflows().stream(workflowId, params));
        List<String> words = messages.ofType(OutputUpdate.class)
                .filter(o -> o.value() != null && o.value().isTextual())
                .map(o -> o.value().textValue().trim().toUpperCase(java.util.Locale.ROOT))
                .doOnNext(w -> out.println("  word: " + w))
                .collectList()
                .block(Duration.ofSeconds(60));
        out.println("Collected " + words.size() + " words: " + String.join(" ", words));
        return words;
    }

    /**
     * @param args optional text to stream
     */
    public static void main(String[] args) {
        String text = args.length > 0 ? String.join(" ", args) : "Reactive streams meet NodeTool";
        try (ExampleServer server = ExampleServer.start()) {
            System.out.println(server.describe());
            new ReactorStream().run(System.out, server.client(), DemoWorkflowIds.TEXT_STREAM, Map.of("text", text));
        }
    }
}
