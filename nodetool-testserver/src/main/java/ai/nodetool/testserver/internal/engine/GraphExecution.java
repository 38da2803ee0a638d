package ai.nodetool.testserver.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One execution of a workflow graph (or a test script) by the {@link WorkflowEngine}, on one pool
 * thread. The protocol layers see it through {@link #jobId()}, {@link #cancel()} and
 * {@link #outcome()}, which are thread-safe; everything else, {@link #run()} included, is the
 * engine's and runs on that thread.
 */
public final class GraphExecution implements Runnable {
    private static final System.Logger LOG = System.getLogger(GraphExecution.class.getName());

    /** Unwinds the run's thread after a cancel; never escapes {@link #run()}. */
    private static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Cancelled() {
            super(null, null, false, false);
        }
    }

    /** Unwinds after a node failure whose messages were already emitted. */
    private static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failed(String message) {
            super(message, null, false, false);
        }
    }

    private final String jobId;
    private final Graph graph; // null for a script
    private final List<ObjectNode> script; // null for a graph
    private final Workload workload; // a test workload instead of graph or script, else null
    private final JsonNode params;
    private final RunListener listener;
    private final Consumer<GraphExecution> onFinished;
    private final CountDownLatch cancelSignal = new CountDownLatch(1);
    private final CompletableFuture<ExecutionOutcome> outcome = new CompletableFuture<>();
    private final Map<String, List<JsonNode>> outputs = new LinkedHashMap<>();
    private final Map<String, List<JsonNode>> outputsByKernelName = new LinkedHashMap<>();
    private final Map<String, String> nodeErrors = new LinkedHashMap<>();
    private volatile boolean cancelled;

    GraphExecution(
            String jobId,
            Graph graph,
            List<ObjectNode> script,
            Workload workload,
            JsonNode params,
            RunListener listener,
            Consumer<GraphExecution> onFinished) {
        this.jobId = jobId;
        this.graph = graph;
        this.script = script;
        this.workload = workload;
        this.params = params;
        this.listener = listener;
        this.onFinished = onFinished;
    }

    private volatile MediaSource media = MediaSource.NONE;

    MediaSource media() {
        return media;
    }

    void media(MediaSource source) {
        this.media = source;
    }

    /** The job id the execution was started under. */
    public String jobId() {
        return jobId;
    }

    /** Asks the execution to stop; it then ends with status {@code cancelled}. Idempotent, any thread. */
    public void cancel() {
        cancelled = true;
        cancelSignal.countDown();
    }

    /** Completes after the last message was delivered to the listener. Never completes exceptionally. */
    public CompletableFuture<ExecutionOutcome> outcome() {
        return outcome;
    }

    /** Runs the execution; called once, by the engine's pool. */
    @Override
    public void run() {
        String status = null;
        String error = null;
        try {
            if (workload != null) {
                workload.play(this);
                status = "completed";
            } else if (script != null) {
                error = playScript();
                status = error == null ? "completed" : "failed";
            } else {
                executeGraph();
                status = "completed";
            }
        } catch (Cancelled c) {
            status = "cancelled";
        } catch (Failed f) {
            status = "failed";
            error = f.getMessage();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Run " + jobId + " broke", e);
            status = "failed";
            error = "Internal engine error: " + e;
        } finally {
            // An Error still completes the outcome: callers wait on it.
            finish(status != null ? status : "failed", status != null ? error : "Internal engine error");
        }
    }

    /** Completes the outcome of a run that never got a thread (engine closed first). */
    void abandon() {
        finish("cancelled", null);
    }

    private void finish(String status, String error) {
        try {
            onFinished.accept(this);
        } finally {
            outcome.complete(new ExecutionOutcome(
                    status,
                    error,
                    freeze(outputs),
                    freeze(outputsByKernelName),
                    Collections.unmodifiableMap(new LinkedHashMap<>(nodeErrors))));
        }
    }

    private static Map<String, List<JsonNode>> freeze(Map<String, List<JsonNode>> map) {
        Map<String, List<JsonNode>> frozen = new LinkedHashMap<>();
        map.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(frozen);
    }

    // protocol-notes §8.3: per node, node_update running -> progress/chunks/logs -> edge_update active ->
    // output_update -> edge_update completed -> node_update completed.
    private void executeGraph() {
        Map<String, ObjectNode> results = new HashMap<>();
        Map<String, Map<String, List<JsonNode>>> streams = new HashMap<>();
        for (Graph.GraphNode node : graph.order()) {
            checkCancelled();
            ObjectNode inputs = node.data().deepCopy();
            Map<String, List<JsonNode>> inputStreams = new HashMap<>();
            for (Graph.GraphEdge edge : graph.incoming(node.id())) {
                JsonNode value = results.get(edge.source()).get(edge.sourceHandle());
                inputs.set(edge.targetHandle(), value == null ? NullNode.getInstance() : value.deepCopy());
                List<JsonNode> items = streams.get(edge.source()).get(edge.sourceHandle());
                if (items != null) {
                    inputStreams.put(edge.targetHandle(), items);
                } else {
                    inputStreams.remove(edge.targetHandle());
                }
            }
            emit(nodeUpdate(node, "running"));
            NodeContext ctx = new NodeContext(node, inputs, inputStreams, params, this);
            ObjectNode result;
            try {
                result = Nodes.kind(node.type()).process(ctx);
            } catch (Cancelled | Failed c) {
                throw c;
            } catch (NodeFailure f) {
                throw failNode(node, f.getMessage());
            } catch (RuntimeException e) {
                throw failNode(node, e.getMessage() != null ? e.getMessage() : e.toString());
            }
            List<Graph.GraphEdge> out = graph.outgoing(node.id());
            for (Graph.GraphEdge edge : out) {
                emit(edgeUpdate(edge, "active"));
            }
            for (ObjectNode update : ctx.outputUpdates) {
                record(update, node.ioName(), node.kernelName());
                emit(update);
            }
            for (Graph.GraphEdge edge : out) {
                emit(edgeUpdate(edge, "completed"));
            }
            ObjectNode done = nodeUpdate(node, "completed");
            if (!node.isInput()) {
                done.set("result", result);
            }
            emit(done);
            results.put(node.id(), result);
            streams.put(node.id(), ctx.outputStreams);
        }
    }

    /**
     * A failing node: its {@code node_update error}, then the run-level {@code error} message that Gen A
     * relays and Gen C does not (protocol-notes §8.6), delivered through
     * {@link RunListener#onNodeFailureError}.
     */
    private Failed failNode(Graph.GraphNode node, String message) {
        nodeErrors.put(node.id(), message);
        ObjectNode update = nodeUpdate(node, "error");
        update.put("error", message);
        emit(update);
        ObjectNode error = NodeContext.JSON.objectNode();
        error.put("type", "error");
        error.put("message", message);
        checkCancelled();
        try {
            listener.onNodeFailureError(error);
        } catch (RuntimeException e) {
            throw new Failed("Message delivery failed: " + e);
        }
        return new Failed(message);
    }

    /** Plays a test script; returns the first error message, or null. */
    private String playScript() {
        String firstError = null;
        for (ObjectNode entry : script) {
            checkCancelled();
            ObjectNode message = entry.deepCopy();
            JsonNode delay = message.remove("delay_ms");
            if (delay != null && !delay.isNull()) {
                sleep(Values.toInteger(delay).longValue());
            }
            recordScripted(message);
            if (firstError == null && "error".equals(message.path("type").asText())) {
                // Canonical errors carry `message`; accept Gen A's `error` key in scripts too.
                JsonNode text = message.hasNonNull("message") ? message.get("message") : message.get("error");
                firstError = text == null ? "Unknown error" : Values.text(text);
            }
            emit(message);
        }
        return firstError;
    }

    /** A scripted {@code output_update}: scripts have no node classes, so both keys are its output name. */
    private void recordScripted(ObjectNode message) {
        if (!"output_update".equals(message.path("type").asText())) {
            return;
        }
        String name = Values.nonEmptyText(message.get("output_name"));
        if (name == null) {
            name = message.hasNonNull("node_id") ? message.get("node_id").asText() : "output";
        }
        record(message, name, name);
    }

    private void record(ObjectNode message, String name, String kernelName) {
        JsonNode value = message.has("value") ? message.get("value").deepCopy() : NullNode.getInstance();
        outputs.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        outputsByKernelName.computeIfAbsent(kernelName, k -> new ArrayList<>()).add(value.deepCopy());
    }

    private static ObjectNode nodeUpdate(Graph.GraphNode node, String status) {
        ObjectNode m = NodeContext.JSON.objectNode();
        m.put("type", "node_update");
        m.put("node_id", node.id());
        m.put("node_name", node.title());
        m.put("node_type", node.type());
        m.put("status", status);
        return m;
    }

    private static ObjectNode edgeUpdate(Graph.GraphEdge edge, String status) {
        ObjectNode m = NodeContext.JSON.objectNode();
        m.put("type", "edge_update");
        m.put("edge_id", edge.edgeId());
        m.put("status", status);
        return m;
    }

    /**
     * Delivers a copy of {@code message} (the listener may modify it), unless the run was cancelled.
     * A listener that throws stops the run: it ends {@code failed}.
     */
    void emit(ObjectNode message) {
        checkCancelled();
        try {
            listener.onMessage(message.deepCopy());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Listener of run " + jobId + " failed; stopping the run", e);
            throw new Failed("Message delivery failed: " + e);
        }
    }

    /** {@link #emit} for a message the caller created and hands over: no copy. */
    void emitOwned(ObjectNode message) {
        checkCancelled();
        try {
            listener.onMessage(message);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Listener of run " + jobId + " failed; stopping the run", e);
            throw new Failed("Message delivery failed: " + e);
        }
    }

    /** Records one value of a workload's output (both keyings: a workload has no node classes). */
    void recordOutput(String name, JsonNode value) {
        outputs.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        outputsByKernelName.computeIfAbsent(name, k -> new ArrayList<>()).add(value.deepCopy());
    }

    /** Waits, waking up at once on cancel. */
    void sleep(long millis) {
        checkCancelled();
        if (millis <= 0) {
            return;
        }
        try {
            if (cancelSignal.await(millis, TimeUnit.MILLISECONDS)) {
                throw new Cancelled();
            }
        } catch (InterruptedException e) {
            // Only the engine's shutdownNow interrupts pool threads: treat it as a cancel.
            cancel();
            throw new Cancelled();
        }
    }

    private void checkCancelled() {
        if (cancelled) {
            throw new Cancelled();
        }
    }
}
