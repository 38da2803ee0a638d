package ai.nodetool.benchmarks;

import ai.nodetool.client.internal.codec.MessageCodec;
import ai.nodetool.client.internal.decode.NdjsonDecoder;
import ai.nodetool.client.internal.flow.FlowOptions;
import ai.nodetool.client.internal.flow.StreamPublisher;
import ai.nodetool.client.internal.stream.RunTracker;
import ai.nodetool.client.messages.JobMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding cost: the same in-memory NDJSON bytes (a Gen A run stream of {@value #MESSAGES}
 * messages, about 200 bytes each, mixing log, progress, node and output updates) read
 * <ul>
 *   <li>{@code sdkPublisher}: the SDK's path, NdjsonDecoder → MessageCodec.decode (typed records)
 *       → the one StreamPublisher (with the run tracker as its terminal rule) → a subscriber on
 *       the delivery executor;
 *   <li>{@code baselineReadTree}: raw Jackson {@code readTree} of each line, split in place.
 * </ul>
 * Scores are messages per second; the figure that matters is sdkPublisher / baselineReadTree.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NdjsonDecodeBenchmark {

    static final int MESSAGES = 20_000;

    private final ObjectMapper mapper = new ObjectMapper();
    private byte[] ndjson;
    private ExecutorService executor;

    @Setup(Level.Trial)
    public void setUp() {
        ndjson = generate(MESSAGES);
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bench-delivery");
            t.setDaemon(true);
            return t;
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        executor.shutdownNow();
    }

    /** A realistic Gen A stream: running, then repeating node/progress/log/output messages, then completed. */
    static byte[] generate(int messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(messages * 220);
        String ids = "\"job_id\": \"5f1c2a9e8b7d4c3f\", \"workflow_id\": \"wf-benchmark\"";
        write(out, "{\"type\": \"job_update\", \"status\": \"running\", " + ids + "}");
        for (int i = 1; i < messages - 1; i++) {
            String line;
            switch (i % 4) {
                case 0:
                    line = "{\"type\": \"node_update\", \"node_id\": \"n" + i + "\", \"node_name\": \"Format Text\", "
                            + "\"node_type\": \"nodetool.text.FormatText\", \"status\": \"running\", " + ids + "}";
                    break;
                case 1:
                    line = "{\"type\": \"node_progress\", \"node_id\": \"slow\", \"progress\": " + i + ", \"total\": "
                            + messages + ", \"chunk\": \"\", " + ids + "}";
                    break;
                case 2:
                    line =
                            "{\"type\": \"log_update\", \"node_id\": \"slow\", \"node_name\": \"Slow\", \"content\": \"step "
                                    + i + " of the slow node\", \"severity\": \"info\", " + ids + "}";
                    break;
                default:
                    line = "{\"type\": \"output_update\", \"node_id\": \"out\", \"node_name\": \"Output\", "
                            + "\"output_name\": \"text\", \"value\": \"word" + i + "\", \"output_type\": \"str\", "
                            + "\"metadata\": {}, " + ids + "}";
                    break;
            }
            write(out, line);
        }
        write(
                out,
                "{\"type\": \"job_update\", \"status\": \"completed\", \"result\": {\"text\": [\"done\"]}, " + ids
                        + "}");
        write(out, "{\"type\": \"job_completed\", \"job_id\": \"5f1c2a9e8b7d4c3f\"}");
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String line) {
        byte[] b = (line + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES - 1) // the job_completed line after the terminal update is not read
    public long sdkPublisher(Blackhole bh) throws Exception {
        RunTracker tracker = new RunTracker(RunTracker.Format.NDJSON, "benchmark");
        StreamPublisher<JobMessage> publisher = StreamPublisher.pull(
                heartbeat -> new NdjsonDecoder(
                                new ByteArrayInputStream(ndjson),
                                MessageCodec.json(),
                                NdjsonDecoder.DEFAULT_MAX_LINE_BYTES,
                                heartbeat)
                        .map(MessageCodec::decode),
                tracker::accept,
                FlowOptions.defaults().withName("bench").withExecutor(executor));
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> error = new AtomicReference<>();
        long[] count = new long[1];
        publisher.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(JobMessage item) {
                count[0]++;
                bh.consume(item);
            }

            @Override
            public void onError(Throwable t) {
                error.set(t);
                done.countDown();
            }

            @Override
            public void onComplete() {
                done.countDown();
            }
        });
        done.await();
        if (error.get() != null) {
            throw new IllegalStateException(error.get());
        }
        return count[0];
    }

    /** Breakdown: the decoder and MessageCodec alone, without the publisher. */
    @Benchmark
    @OperationsPerInvocation(MESSAGES - 1)
    public long stageDecoderAndCodec(Blackhole bh) throws Exception {
        RunTracker tracker = new RunTracker(RunTracker.Format.NDJSON, "benchmark");
        try (NdjsonDecoder decoder = new NdjsonDecoder(
                new ByteArrayInputStream(ndjson), MessageCodec.json(), NdjsonDecoder.DEFAULT_MAX_LINE_BYTES, null)) {
            long count = 0;
            for (JsonNode n = decoder.next(); n != null; n = decoder.next()) {
                JobMessage m = MessageCodec.decode(n);
                bh.consume(m);
                count++;
                if (tracker.accept(m) != null) {
                    break;
                }
            }
            return count;
        }
    }

    /** Breakdown: the decoder alone (line splitting and readTree). */
    @Benchmark
    @OperationsPerInvocation(MESSAGES - 1)
    public long stageDecoder(Blackhole bh) throws Exception {
        try (NdjsonDecoder decoder = new NdjsonDecoder(
                new ByteArrayInputStream(ndjson), MessageCodec.json(), NdjsonDecoder.DEFAULT_MAX_LINE_BYTES, null)) {
            long count = 0;
            for (JsonNode n = decoder.next(); n != null && count < MESSAGES - 1; n = decoder.next()) {
                bh.consume(n);
                count++;
            }
            return count;
        }
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES - 1)
    public long baselineReadTree(Blackhole bh) throws Exception {
        byte[] b = ndjson;
        long count = 0;
        int start = 0;
        // The same work as the SDK: every line up to the terminal update, the last line excluded.
        for (int i = 0; i < b.length && count < MESSAGES - 1; i++) {
            if (b[i] == '\n') {
                JsonNode node = mapper.readTree(b, start, i - start);
                bh.consume(node);
                count++;
                start = i + 1;
            }
        }
        return count;
    }
}
