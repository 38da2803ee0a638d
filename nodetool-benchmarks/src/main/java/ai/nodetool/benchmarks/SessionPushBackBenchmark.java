package ai.nodetool.benchmarks;

import ai.nodetool.client.internal.codec.MessageCodec;
import ai.nodetool.client.internal.decode.MessagePackFrameDecoder;
import ai.nodetool.client.internal.flow.FlowOptions;
import ai.nodetool.client.internal.flow.PushBack;
import ai.nodetool.client.internal.flow.PushPublisher;
import ai.nodetool.client.internal.flow.StreamPublisher;
import ai.nodetool.client.messages.JobMessage;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import okio.ByteString;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Issue 15, the session's per-frame path as the socket's reader thread runs it, with delivery on a
 * real pool (not {@code Runnable::run}): frames per second from OkHttp's {@link ByteString} to a
 * subscriber with unbounded demand.
 * <ul>
 *   <li>{@code jacksonParserPerFrame}: baseline, the decode the session did before (a Jackson
 *       MessagePack parser per frame, from a copy of the frame);
 *   <li>{@code reusedDecoder}: the session's decoder now (one unpacker per session, the frame read
 *       in place);
 *   <li>{@code failFastHandOff}: decode + a fail-fast publisher that hands every burst to the pool
 *       (the old delivery);
 *   <li>{@code pushBackOnReader}: decode + the push-back publisher delivering on the producer
 *       thread when nobody is draining (the default now).
 * </ul>
 * With {@code -prof gc}, allocation per frame.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SessionPushBackBenchmark {
    static final int FRAMES = 4096;

    private final List<ByteString> frames = new ArrayList<>();
    private final MessagePackFrameDecoder decoder = new MessagePackFrameDecoder(64L * 1024 * 1024);
    private ExecutorService pool;

    @Setup
    public void setUp() throws IOException {
        pool = Executors.newFixedThreadPool(2);
        for (int i = 0; i < FRAMES; i++) {
            ObjectNode o = MessageCodec.json().createObjectNode();
            o.put("type", "log_update")
                    .put("node_id", "firehose")
                    .put("node_name", "Firehose")
                    .put("content", i + " xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
                    .put("severity", "info")
                    .put("job_id", "7b0e9f6a-1d2c-4b8e-9a51-0c3d2e1f4a5b")
                    .put("workflow_id", "wf-123")
                    .put("job_seq", i + 1);
            frames.add(ByteString.of(MessageCodec.msgpack().writeValueAsBytes(o)));
        }
    }

    @TearDown
    public void tearDown() {
        pool.shutdownNow();
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void jacksonParserPerFrame(Blackhole bh) {
        for (ByteString f : frames) {
            bh.consume(MessageCodec.decodeMsgpack(f.toByteArray()));
        }
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void reusedDecoder(Blackhole bh) {
        for (ByteString f : frames) {
            bh.consume(decoder.decode(f));
        }
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void failFastHandOff(Blackhole bh) throws InterruptedException {
        PushPublisher<JobMessage> job = StreamPublisher.push(
                FRAMES, null, null, FlowOptions.defaults().withName("bench").withExecutor(pool));
        publish(job, bh);
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void pushBackOnReader(Blackhole bh) throws InterruptedException {
        PushPublisher<JobMessage> job = StreamPublisher.pushBack(
                4096,
                new PushBack(8L << 20, null, true),
                null,
                null,
                FlowOptions.defaults().withName("bench").withExecutor(pool));
        publish(job, bh);
    }

    private void publish(PushPublisher<JobMessage> job, Blackhole bh) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        job.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(JobMessage item) {
                bh.consume(item);
            }

            @Override
            public void onError(Throwable t) {
                done.countDown();
            }

            @Override
            public void onComplete() {
                done.countDown();
            }
        });
        for (ByteString f : frames) {
            job.offer(decoder.decode(f), f.size(), true);
        }
        job.complete();
        done.await();
    }
}
