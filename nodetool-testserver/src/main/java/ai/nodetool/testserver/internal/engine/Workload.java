package ai.nodetool.testserver.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;

/**
 * The test-only heavy workloads, generated message by message instead of executing a graph, for
 * benchmarks and memory tests. A stored workflow selects one by a top-level key:
 *
 * <ul>
 *   <li>{@code "firehose": {"count": N, "payload_bytes": B}}: N {@code log_update} messages
 *       {@code {node_id: "firehose", node_name: "Firehose", content, severity: "info"}} whose
 *       {@code content} is exactly B bytes (the message index, a space, {@code x} padding); output
 *       {@code count} = N.
 *   <li>{@code "progress": {"steps": N}}: {@code node_update running} of node {@code progress}
 *       ({@code nodetool.test.Progress}), N {@code node_progress {progress: i, total: N}} (i from 1),
 *       {@code node_update completed} with {@code result {"output": N}}; output {@code steps} = N.
 *   <li>{@code "large_binary": {"bytes": N, "asset_type": "image"}}: one {@code output_update} of node
 *       {@code large_binary} whose value is an asset ref {@code {type, uri: "", asset_id: null, data: <N
 *       bytes>, metadata: null}} with the {@link BytePattern} bytes (a {@link PatternBinaryNode}, which
 *       holds none of them); output {@code <asset_type>} = that ref.
 * </ul>
 *
 * The messages are created one at a time; nothing grows with N. Cancellation is checked before every
 * message.
 */
abstract class Workload {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The workload a stored workflow selects, or null for an ordinary workflow. */
    static Workload of(JsonNode workflow) {
        JsonNode spec = workflow.get("firehose");
        if (spec != null && spec.isObject()) {
            return new Firehose(
                    Math.max(0, spec.path("count").asLong(0)),
                    Math.max(1, spec.path("payload_bytes").asInt(1)));
        }
        spec = workflow.get("progress");
        if (spec != null && spec.isObject()) {
            return new Progress(Math.max(0, spec.path("steps").asLong(0)));
        }
        spec = workflow.get("large_binary");
        if (spec != null && spec.isObject()) {
            return new LargeBinary(
                    Math.max(0, spec.path("bytes").asLong(0)),
                    spec.path("asset_type").asText("image"));
        }
        return null;
    }

    /** Emits the messages and records the outputs of one run. */
    abstract void play(GraphExecution run);

    private static final class Firehose extends Workload {
        private final long count;
        private final int payloadBytes;

        Firehose(long count, int payloadBytes) {
            this.count = count;
            this.payloadBytes = payloadBytes;
        }

        @Override
        void play(GraphExecution run) {
            char[] payload = new char[payloadBytes];
            Arrays.fill(payload, 'x');
            for (long i = 0; i < count; i++) {
                String index = Long.toString(i);
                int n = Math.min(index.length(), payloadBytes);
                index.getChars(0, n, payload, 0);
                if (n < payloadBytes) {
                    payload[n] = ' ';
                }
                ObjectNode log = JSON.objectNode();
                log.put("type", "log_update");
                log.put("node_id", "firehose");
                log.put("node_name", "Firehose");
                log.put("content", new String(payload));
                log.put("severity", "info");
                run.emitOwned(log);
            }
            run.recordOutput("count", JSON.numberNode(count));
        }
    }

    private static final class Progress extends Workload {
        private final long steps;

        Progress(long steps) {
            this.steps = steps;
        }

        @Override
        void play(GraphExecution run) {
            run.emitOwned(nodeUpdate("running"));
            for (long i = 1; i <= steps; i++) {
                ObjectNode progress = JSON.objectNode();
                progress.put("type", "node_progress");
                progress.put("node_id", "progress");
                progress.put("progress", i);
                progress.put("total", steps);
                run.emitOwned(progress);
            }
            ObjectNode done = nodeUpdate("completed");
            done.putObject("result").put("output", steps);
            run.emitOwned(done);
            run.recordOutput("steps", JSON.numberNode(steps));
        }

        private static ObjectNode nodeUpdate(String status) {
            ObjectNode update = JSON.objectNode();
            update.put("type", "node_update");
            update.put("node_id", "progress");
            update.put("node_name", "Progress");
            update.put("node_type", "nodetool.test.Progress");
            update.put("status", status);
            return update;
        }
    }

    private static final class LargeBinary extends Workload {
        private final long bytes;
        private final String assetType;

        LargeBinary(long bytes, String assetType) {
            this.bytes = bytes;
            this.assetType = assetType;
        }

        @Override
        void play(GraphExecution run) {
            ObjectNode ref = JSON.objectNode();
            ref.put("type", assetType);
            ref.put("uri", "");
            ref.putNull("asset_id");
            ref.set("data", new PatternBinaryNode(bytes));
            ref.putNull("metadata");
            ObjectNode update = JSON.objectNode();
            update.put("type", "output_update");
            update.put("node_id", "large_binary");
            update.put("node_name", "Large Binary");
            update.put("output_name", assetType);
            update.set("value", ref);
            update.put("output_type", assetType);
            update.putObject("metadata");
            run.recordOutput(assetType, ref.deepCopy());
            run.emitOwned(update);
        }
    }
}
