package ai.nodetool.testserver.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Executes small NodeTool workflow graphs and emits node-level processing messages in the canonical
 * (Gen C field name) shape of protocol-notes §8.1. Protocol-neutral: it knows nothing of
 * {@code job_update} framing, server generations, media encodings or transports; the protocol
 * layers add those.
 *
 * <h2>Execution</h2>
 * Nodes run one at a time in topological order over the edges (ties keep the order of the
 * {@code nodes} array). A node's inputs are its {@code data} (alias {@code properties}) overridden by
 * the values arriving on incoming edges, keyed by {@code targetHandle}; an edge carries the source
 * node's output named by {@code sourceHandle} (default {@code output}). Per node the messages are:
 * {@code node_update running}, the node's own messages ({@code node_progress}, {@code chunk},
 * {@code log_update}, {@code notification}), {@code edge_update active} for each outgoing edge,
 * {@code output_update} (output nodes only), {@code edge_update completed}, then
 * {@code node_update completed} with {@code result}, the node's output map (no {@code result} for
 * input nodes). A failing node emits {@code node_update error} with {@code error}, then
 * {@code {"type":"error","message":...}}, and the run ends {@code failed}. Messages never carry
 * {@code job_id} or {@code workflow_id}.
 *
 * <h2>Node types</h2>
 * <table>
 * <caption>Node types the engine executes (inputs are read from edges or {@code data})</caption>
 * <tr><th>Type</th><th>Inputs</th><th>Outputs and messages</th></tr>
 * <tr><td>{@code nodetool.input.StringInput}, {@code IntegerInput}, {@code FloatInput},
 *   {@code BooleanInput}, {@code ImageInput} (also {@code AudioInput}, {@code VideoInput},
 *   {@code DocumentInput})</td>
 *   <td>{@code data.name} (else node id), {@code data.value}</td>
 *   <td>{@code output} = {@code params[name]} when present and not null, else {@code data.value}, else
 *   {@code ""}/0/0.0/false/null. Integer, float and boolean inputs coerce strings ({@code "3"} → 3),
 *   because Gen A clients send numbers as strings; a value that does not coerce fails the node.</td></tr>
 * <tr><td>{@code nodetool.output.*} ({@code Output}, {@code StringOutput}, {@code IntegerOutput},
 *   {@code ImageOutput}, ...)</td>
 *   <td>{@code value}; {@code data.name} (else node id)</td>
 *   <td>{@code output_update} {@code {node_id, node_name: title, output_name: name, value,
 *   output_type, metadata: {}}}. Fed by a streaming node, one update per item with
 *   {@code disposition: "append"}. {@code output_type}: {@code str}, {@code int}, {@code float},
 *   {@code bool}, {@code image}, {@code audio}, {@code video}, {@code document}, else {@code any}.</td></tr>
 * <tr><td>{@code nodetool.text.FormatText}</td><td>{@code template}; any other input</td>
 *   <td>{@code output}: the template with each {@code {{name}}} replaced by input {@code name}'s text
 *   (empty when undefined)</td></tr>
 * <tr><td>{@code nodetool.text.Concat}</td><td>{@code a}, {@code b}</td><td>{@code output} = a + b as text</td></tr>
 * <tr><td>{@code nodetool.math.Add}, {@code Subtract}, {@code Multiply}, {@code Divide}</td>
 *   <td>{@code a}, {@code b} (numbers or numeric strings, default 0)</td>
 *   <td>{@code output}: an integer when both are integers (except Divide), else a float. Division by
 *   zero fails the node.</td></tr>
 * <tr><td>{@code nodetool.image.GeneratePattern}</td>
 *   <td>{@code width}, {@code height} (1..4096, default 64), {@code seed} (default 0), {@code color}
 *   ({@code #rrggbb}, optional)</td>
 *   <td>{@code output}: an image asset ref {@code {type:"image", uri:"", asset_id:null, data:<PNG bytes>,
 *   metadata:null}} (protocol-notes §10); the PNG is real and deterministic for the same inputs.</td></tr>
 * <tr><td>{@code nodetool.test.Slow}</td><td>{@code steps} (default 3), {@code delay_ms} (default 100),
 *   {@code value}</td>
 *   <td>per step: waits {@code delay_ms}, then {@code node_progress {progress: i, total: steps}};
 *   {@code output} = value, else steps. Cancellable during the waits.</td></tr>
 * <tr><td>{@code nodetool.test.TextStream}</td><td>{@code text} or {@code words} (array),
 *   {@code delay_ms} (default 0)</td>
 *   <td>one {@code chunk {content: word, content_type: "text", done: false}} per word (each keeps its
 *   trailing whitespace), then {@code chunk {content: "", done: true}}; {@code output} = the whole text,
 *   streamed item by item to connected output nodes.</td></tr>
 * <tr><td>{@code nodetool.test.Fail}</td><td>{@code message} (default "Node failed")</td>
 *   <td>fails the node with {@code message}</td></tr>
 * <tr><td>{@code nodetool.test.Log}</td><td>{@code value}, {@code message} (default: value as text),
 *   {@code severity} (default {@code info})</td>
 *   <td>{@code log_update {node_id, node_name, content, severity}}, then
 *   {@code notification {node_id, content, severity}}; {@code output} = value</td></tr>
 * </table>
 * Node titles ({@code node_name}): {@code ui_properties.title}, else {@code data.title}, else derived from
 * the class ({@code nodetool.output.StringOutput} → "String Output").
 *
 * <h2>Scripted workflows (test-only extension)</h2>
 * A workflow with a {@code "script"} array is not executed: its entries (message objects) are played
 * back in order, each after waiting its optional {@code delay_ms} pseudo-field, which is removed. The
 * outcome collects {@code output_update} values by {@code output_name}; an {@code error} entry makes
 * it {@code failed} with that entry's {@code message} (or {@code error}).
 *
 * <h2>Heavy workloads (test-only extension)</h2>
 * A workflow with a {@code "firehose"}, {@code "progress"} or {@code "large_binary"} object is not
 * executed either: its messages are generated one at a time (see {@link Workload}), for benchmarks
 * and memory tests.
 *
 * <h2>Threading</h2>
 * Each run executes on its own daemon thread from a cached pool (threads named
 * {@code nodetool-engine-<n>-run-<k>}, idle ones retire after 10 s, at most 1024 runs at once).
 * Listeners are called on that thread, one message at a time. This class is thread-safe.
 */
public final class WorkflowEngine implements AutoCloseable {
    private static final AtomicInteger ENGINES = new AtomicInteger();
    private static final int MAX_CONCURRENT_RUNS = 1024;

    private final String threadPrefix = "nodetool-engine-" + ENGINES.incrementAndGet() + "-run-";
    private final AtomicInteger threadCount = new AtomicInteger();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final Set<GraphExecution> active = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor pool;
    private volatile boolean closed;
    private volatile MediaSource mediaSource = MediaSource.NONE;

    /** Creates an engine with its own thread pool; {@link #close()} it when done. */
    public WorkflowEngine() {
        pool = new ThreadPoolExecutor(0, MAX_CONCURRENT_RUNS, 10, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
            Thread t = new Thread(
                    () -> {
                        try {
                            task.run();
                        } finally {
                            threads.remove(Thread.currentThread());
                        }
                    },
                    threadPrefix + threadCount.incrementAndGet());
            t.setDaemon(true);
            threads.add(t);
            return t;
        });
    }

    /** Sets where media nodes read references without inline bytes (the server's stored uploads). */
    public void mediaSource(MediaSource source) {
        this.mediaSource = Objects.requireNonNull(source, "source");
    }

    /**
     * Validates a workflow and starts running it in the background.
     *
     * @param jobId the job id reported by {@link GraphExecution#jobId()}, not null
     * @param workflow a stored workflow object ({@code {id, name, graph: {nodes, edges}, ...}}, or one
     *     with a test {@code script} array), not null
     * @param params input values keyed by input name; null means none
     * @param listener receives every message of the run on the run's thread, not null; each message is a
     *     fresh object the listener may modify. If it throws, the run stops and ends {@code failed}.
     * @return the running execution; its outcome completes after the last message was delivered
     * @throws WorkflowException when the workflow cannot be run (nothing is emitted then)
     * @throws IllegalStateException when the engine is closed or 1024 runs are active
     */
    public GraphExecution start(String jobId, JsonNode workflow, JsonNode params, RunListener listener) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(listener, "listener");
        if (workflow == null || !workflow.isObject()) {
            throw new WorkflowException("Invalid workflow");
        }
        if (params != null && !params.isNull() && !params.isObject()) {
            throw new WorkflowException("params must be an object");
        }
        JsonNode actualParams = params == null || params.isNull() ? NodeContext.JSON.objectNode() : params.deepCopy();
        Graph graph = null;
        List<ObjectNode> script = null;
        Workload workload = Workload.of(workflow); // generated messages: the (empty) graph is not executed
        if (workload == null
                && workflow.has("script")
                && !workflow.get("script").isNull()) {
            script = parseScript(workflow.get("script"));
        } else if (workload == null) {
            graph = Graph.parse(workflow.get("graph"), Nodes::isKnown);
        }
        if (closed) {
            throw new IllegalStateException("The workflow engine is closed");
        }
        GraphExecution run = new GraphExecution(jobId, graph, script, workload, actualParams, listener, active::remove);
        run.media(mediaSource);
        active.add(run);
        try {
            pool.execute(run);
        } catch (RejectedExecutionException e) {
            active.remove(run);
            throw new IllegalStateException(closed ? "The workflow engine is closed" : "Too many concurrent runs", e);
        }
        if (closed) {
            // close() may have missed this run while collecting the active ones.
            run.cancel();
        }
        return run;
    }

    private static List<ObjectNode> parseScript(JsonNode script) {
        if (!script.isArray()) {
            throw new WorkflowException("Invalid workflow: script must be an array of messages");
        }
        List<ObjectNode> entries = new ArrayList<>();
        for (JsonNode entry : script) {
            if (!entry.isObject() || !entry.path("type").isTextual()) {
                throw new WorkflowException("Invalid workflow: every script entry must be an object with a type");
            }
            JsonNode delay = entry.get("delay_ms");
            if (delay != null && !delay.isNull()) {
                JsonNode ms;
                try {
                    ms = Values.toInteger(delay);
                } catch (IllegalArgumentException e) {
                    throw new WorkflowException("Invalid workflow: script delay_ms " + e.getMessage());
                }
                if (ms.longValue() < 0) {
                    throw new WorkflowException("Invalid workflow: script delay_ms must not be negative");
                }
            }
            entries.add(((ObjectNode) entry).deepCopy());
        }
        return List.copyOf(entries);
    }

    /** The number of runs that have not finished yet. */
    public int activeRuns() {
        return active.size();
    }

    /**
     * Cancels every running execution, stops the pool and waits (up to about 10 s) until its threads
     * have ended. Outcomes of cancelled runs complete with {@code cancelled}. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        for (GraphExecution run : active) {
            run.cancel();
        }
        pool.shutdown();
        try {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                for (Runnable never : pool.shutdownNow()) {
                    ((GraphExecution) never).abandon();
                }
                pool.awaitTermination(5, TimeUnit.SECONDS);
            }
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(1));
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
