package ai.nodetool.examples;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.JobFailedException;
import ai.nodetool.client.micrometer.NodeToolMetrics;
import ai.nodetool.client.session.JobHandle;
import ai.nodetool.client.session.JobSession;
import ai.nodetool.client.session.RunJobRequest;
import ai.nodetool.testserver.DemoWorkflowIds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs a few jobs (blocking runs, one that fails, a streamed run, three WebSocket jobs at once) with Micrometer
 * metrics on, then prints every meter the client recorded: call and run timers, retry, failure and message
 * counters, the open-session and active-job gauges. A real application would give {@link NodeToolMetrics} its
 * Prometheus, OTLP or other registry instead of a {@link SimpleMeterRegistry} (docs/production.md, "Metrics").
 *
 * <p>Run: {@code ./mvnw -q -pl nodetool-client-examples exec:java
 * -Dexec.mainClass=ai.nodetool.examples.MetricsReport}.
 */
public final class MetricsReport {
    /**
     * @param out where to print
     * @param base a client for the server; the example derives one with the metrics listener from it
     * @return the registry holding the meters
     * @throws Exception if a WebSocket job does not finish within 30 s
     */
    public SimpleMeterRegistry run(PrintStream out, NodeToolClient base) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        NodeToolMetrics metrics = NodeToolMetrics.create(registry);
        try (NodeToolClient client = base.toBuilder().eventListener(metrics).build()) {
            out.println("greeting: "
                    + client.workflows()
                            .run(DemoWorkflowIds.GREETING, Map.of("name", "Ada"))
                            .output("greeting"));
            out.println("sum: "
                    + client.workflows()
                            .run(DemoWorkflowIds.SUM, Map.of("a", 2, "b", 3))
                            .output("sum"));
            try {
                client.workflows().run(DemoWorkflowIds.FAIL, Map.of());
            } catch (JobFailedException e) {
                out.println("fail: " + e.error());
            }
            out.println("streamed sum: "
                    + client.workflows().stream(DemoWorkflowIds.SUM, Map.of("a", 20, "b", 22))
                            .await()
                            .output("sum"));
            try (JobSession session = client.connect()) {
                List<JobHandle> jobs = new ArrayList<>();
                for (int i = 1; i <= 3; i++) {
                    jobs.add(session.runJob(RunJobRequest.builder()
                            .workflowId(DemoWorkflowIds.SLOW)
                            .param("steps", i)
                            .param("delay_ms", 20)
                            .build()));
                }
                for (JobHandle job : jobs) {
                    out.println("websocket job " + job.jobId() + ": "
                            + job.result().get(30, TimeUnit.SECONDS).output("result"));
                }
            }
        }
        out.println();
        out.println("Metrics:");
        print(out, registry);
        return registry;
    }

    /**
     * Prints each meter on one line: name, tags, and its count, total and max (timers), count (counters) or value
     * (gauges).
     *
     * @param out where to print
     * @param registry the meters
     */
    static void print(PrintStream out, SimpleMeterRegistry registry) {
        List<Meter> meters = new ArrayList<>(registry.getMeters());
        meters.sort(Comparator.comparing((Meter m) -> m.getId().getName())
                .thenComparing(m -> m.getId().getTags().toString()));
        for (Meter m : meters) {
            String tags = m.getId().getTags().stream()
                    .map(t -> t.getKey() + "=" + t.getValue())
                    .collect(Collectors.joining(",", "{", "}"));
            String value;
            if (m instanceof Timer) {
                Timer t = (Timer) m;
                value = String.format(
                        "count=%d total=%.1fms max=%.1fms",
                        t.count(), t.totalTime(TimeUnit.MILLISECONDS), t.max(TimeUnit.MILLISECONDS));
            } else if (m instanceof Counter) {
                value = String.format("count=%.0f", ((Counter) m).count());
            } else if (m instanceof Gauge) {
                value = String.format("value=%.0f", ((Gauge) m).value());
            } else {
                value = m.measure().toString();
            }
            out.println("  " + m.getId().getName() + (m.getId().getTags().isEmpty() ? "" : tags) + " " + value);
        }
    }

    /** @param args none */
    public static void main(String[] args) throws Exception {
        try (ExampleServer server = ExampleServer.start()) {
            System.out.println(server.describe());
            new MetricsReport().run(System.out, server.client());
        }
    }
}
