package ai.nodetool.benchmarks;

import ai.nodetool.client.internal.codec.MessageCodec;
import ai.nodetool.client.internal.decode.MessagePackFrameDecoder;
import ai.nodetool.client.internal.flow.PushPublisher;
import ai.nodetool.client.messages.JobMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.msgpack.jackson.dataformat.MessagePackMapper;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * WebSocket frames per second: the session's path for one job (MessagePack frame decoder → typed
 * message → the job's push publisher → a subscriber with unbounded demand) against the baseline of
 * parsing the same frames with a plain MessagePack {@code readTree}. The ratio
 * {@code sessionPath / rawReadTree} is the figure reported in docs/performance.md.
 *
 * <p>The publisher delivers on the calling thread ({@code Runnable::run}), so the measurement is
 * the CPU cost of decoding, typing and publishing, not thread hand-off.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SessionFrameDecodeBenchmark {
    static final int FRAMES = 1000;

    private final List<byte[]> frames = new ArrayList<>();
    private final MessagePackFrameDecoder decoder = new MessagePackFrameDecoder(64L * 1024 * 1024);
    private final MessagePackMapper raw = new MessagePackMapper();

    @Setup
    public void frames() throws IOException {
        for (int i = 0; i < FRAMES; i++) {
            ObjectNode o = MessageCodec.json().createObjectNode();
            switch (i % 4) {
                case 0:
                    o.put("type", "node_progress")
                            .put("node_id", "slow-1")
                            .put("progress", i)
                            .put("total", FRAMES)
                            .put("chunk", "");
                    break;
                case 1:
                    o.put("type", "output_update")
                            .put("node_id", "out-1")
                            .put("node_name", "Result")
                            .put("output_name", "result")
                            .put("value", "word " + i)
                            .put("output_type", "str")
                            .putObject("metadata");
                    break;
                case 2:
                    o.put("type", "node_update")
                            .put("node_id", "n" + i)
                            .put("node_name", "Format Text")
                            .put("node_type", "nodetool.text.FormatText")
                            .put("status", "completed")
                            .putObject("result")
                            .put("output", "Hello, world " + i);
                    break;
                default:
                    o.put("type", "edge_update")
                            .put("edge_id", "e" + i)
                            .put("status", "active")
                            .put("counter", i);
                    break;
            }
            o.put("job_id", "7b0e9f6a-1d2c-4b8e-9a51-0c3d2e1f4a5b")
                    .put("workflow_id", "wf-123")
                    .put("job_seq", i + 1);
            frames.add(MessageCodec.msgpack().writeValueAsBytes(o));
        }
    }

    /** @return the frames decoded to typed messages (for benchmarks that start after decoding) */
    List<JobMessage> decoded() {
        List<JobMessage> out = new ArrayList<>(frames.size());
        for (byte[] f : frames) {
            out.add(decoder.decode(f));
        }
        return out;
    }

    /** Baseline: the same bytes through MessagePack's readTree, nothing else. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void rawReadTree(Blackhole bh) throws IOException {
        for (byte[] f : frames) {
            JsonNode tree = raw.readTree(f);
            bh.consume(tree);
        }
    }

    /** Decoding alone (frame decoder to typed message), to locate the cost of publishing. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void decodeOnly(Blackhole bh) {
        for (byte[] f : frames) {
            bh.consume(decoder.decode(f));
        }
    }

    /** The session's per-frame work: decode to a typed message and publish it to the job's subscriber. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void sessionPath(Blackhole bh) {
        PushPublisher<JobMessage> job = JobPublishers.consumedBy(bh, FRAMES);
        for (byte[] f : frames) {
            job.offer(decoder.decode(f));
        }
        job.complete();
    }
}
