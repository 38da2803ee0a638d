package ai.nodetool.client.internal.session;

import ai.nodetool.benchmarks.heavy.HandWrittenFrames;
import ai.nodetool.client.events.NodeToolEventListener;
import ai.nodetool.client.internal.codec.MessageCodec;
import ai.nodetool.client.internal.flow.FlowOptions;
import ai.nodetool.client.internal.flow.PushBack;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.session.RunJobRequest;
import ai.nodetool.client.session.SessionOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
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
 * Issue 15, the WebSocket session's own CPU per frame and per job, without the socket: OkHttp's
 * frames (as the {@link ByteString}s its reader hands over) go through the session's real inbound
 * path (the {@link FrameDecoder} → {@link FrameRouter} → {@link JobState} → the job's push-back
 * publisher → a subscriber), against the hand-written client of the heavy harness doing the same
 * work in the same run (Jackson MessagePack {@code readTree} per frame, a job-id lookup, a terminal
 * check). Everything runs on the calling thread (a direct executor), so the figures are CPU, not
 * thread hand-offs; {@code -prof gc} gives the allocation per frame or per job.
 *
 * <ul>
 *   <li>{@code sdkFirehose} / {@code handWrittenFirehose}: the {@code ws-firehose} frame
 *       ({@code log_update} with a 64-byte payload and {@code job_seq}) of one job; per frame.
 *   <li>{@code sdkJobs} / {@code handWrittenJobs}: per job of {@code ws-1000-jobs}: the
 *       {@code run_job} command built and encoded to MessagePack, then the job's reply and frames
 *       decoded and routed until its result completes.
 * </ul>
 *
 * It lives in the session's package (in this module) because the inbound stages are package-private.
 * Run: {@code java -jar …/benchmarks.jar SessionInboundBenchmark -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SessionInboundBenchmark {
    static final int FRAMES = 10_000;
    static final int JOBS = 500;
    private static final Executor DIRECT = Runnable::run;

    private SessionTimer timer;
    private JobContext context;
    private FrameRouter router;
    private FrameDecoder decoder;
    private CommandChannel channel;
    private long encoded;

    private ByteString[] firehose;
    private String firehoseJobId;
    private String[] jobIds;
    private ByteString[][] jobFrames;

    @Setup
    public void setUp() throws IOException {
        timer = new SessionTimer();
        channel = new CommandChannel(
                frame -> encoded += CommandEncoder.toMsgpack(frame).length, timer, Duration.ofMinutes(5), s -> s);
        router = new FrameRouter(channel);
        decoder = new FrameDecoder(
                SessionOptions.defaults().maxFrameBytes(),
                e -> {
                    throw e;
                },
                router);
        context = new JobContext(
                SessionOptions.defaults().jobBufferSize(),
                new PushBack(SessionOptions.UNSUBSCRIBED_BUFFER_BYTES, () -> false, true),
                Duration.ofMillis(100),
                Duration.ofSeconds(10),
                FlowOptions.defaults().withExecutor(DIRECT),
                timer,
                new Callbacks(DIRECT),
                id -> CompletableFuture.completedFuture(null),
                router::forget,
                s -> s,
                NodeToolEventListener.NONE);

        firehoseJobId = "6f1c2a9e-3b7d-4e58-a0c4-9d2e81f7b356";
        firehose = new ByteString[FRAMES + 1];
        StringBuilder pad = new StringBuilder();
        for (int i = 0; i < FRAMES; i++) {
            pad.setLength(0);
            pad.append(i).append(' ');
            while (pad.length() < 64) {
                pad.append('x');
            }
            ObjectNode o = MessageCodec.json().createObjectNode();
            o.put("type", "log_update")
                    .put("node_id", "firehose")
                    .put("node_name", "Firehose")
                    .put("content", pad.toString())
                    .put("severity", "info")
                    .put("job_id", firehoseJobId)
                    .put("workflow_id", "firehose")
                    .put("job_seq", i + 2);
            firehose[i] = ByteString.of(MessageCodec.msgpack().writeValueAsBytes(o));
        }
        firehose[FRAMES] = frame(completed(firehoseJobId, "firehose", FRAMES + 2, "count", FRAMES));

        jobIds = new String[JOBS];
        jobFrames = new ByteString[JOBS][];
        for (int i = 0; i < JOBS; i++) {
            String id = String.format("0b7e4d2c-91aa-4c3e-8f10-%012d", i);
            jobIds[i] = id;
            List<ByteString> frames = new ArrayList<>();
            ObjectNode reply = MessageCodec.json().createObjectNode();
            reply.put("message", "Job started").put("job_id", id).put("workflow_id", "greeting");
            frames.add(frame(reply));
            frames.add(frame(update(id, "running", 1)));
            frames.add(frame(nodeUpdate(id, "running", 2, null)));
            ObjectNode out = MessageCodec.json().createObjectNode();
            out.put("type", "output_update")
                    .put("node_id", "greet")
                    .put("node_name", "Greeting")
                    .put("output_name", "greeting")
                    .put("value", "Hello, n" + i + "!")
                    .put("output_type", "str")
                    .put("job_id", id)
                    .put("workflow_id", "greeting")
                    .put("job_seq", 3);
            out.putObject("metadata");
            frames.add(frame(out));
            frames.add(frame(nodeUpdate(id, "completed", 4, "Hello, n" + i + "!")));
            frames.add(frame(completed(id, "greeting", 5, "greeting", "Hello, n" + i + "!")));
            jobFrames[i] = frames.toArray(new ByteString[0]);
        }
    }

    @TearDown
    public void tearDown() {
        timer.shutdown();
    }

    private static ByteString frame(ObjectNode o) throws IOException {
        return ByteString.of(MessageCodec.msgpack().writeValueAsBytes(o));
    }

    private static ObjectNode update(String id, String status, long seq) {
        ObjectNode o = MessageCodec.json().createObjectNode();
        o.put("type", "job_update")
                .put("status", status)
                .put("job_id", id)
                .put("workflow_id", "greeting")
                .put("job_seq", seq);
        return o;
    }

    private static ObjectNode nodeUpdate(String id, String status, long seq, String result) {
        ObjectNode o = MessageCodec.json().createObjectNode();
        o.put("type", "node_update")
                .put("node_id", "greet")
                .put("node_name", "Greeting")
                .put("node_type", "nodetool.text.FormatText")
                .put("status", status)
                .put("job_id", id)
                .put("workflow_id", "greeting")
                .put("job_seq", seq);
        if (result != null) {
            o.putObject("result").put("output", result);
        }
        return o;
    }

    private static ObjectNode completed(String id, String workflow, long seq, String output, Object value) {
        ObjectNode o = update(id, "completed", seq);
        o.put("workflow_id", workflow);
        ObjectNode outputs = o.putObject("result").putObject("outputs");
        if (value instanceof Integer) {
            outputs.putArray(output).add((Integer) value);
        } else {
            outputs.putArray(output).add(String.valueOf(value));
        }
        return o;
    }

    // ---- firehose: per frame --------------------------------------------------------------------

    /** The SDK: one job of the firehose's frames through the session's inbound path, to a subscriber. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long sdkFirehose() throws Exception {
        JobState job = new JobState(context, firehoseJobId, "firehose", false);
        router.register(job);
        Counting counter = new Counting();
        job.updates().subscribe(counter);
        for (ByteString f : firehose) {
            decoder.onBinary(f);
        }
        RunResult r = job.result().getNow(null);
        if (r == null || counter.n != FRAMES + 1 || !counter.done) {
            throw new AssertionError("firehose job not done: " + counter.n);
        }
        return counter.n;
    }

    /** Baseline: the hand-written client's per-frame work on the same frames. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long handWrittenFirehose() throws IOException {
        long frames = 0;
        JsonNode terminal = null;
        for (ByteString f : firehose) {
            JsonNode frame = HandWrittenFrames.read(f);
            if (firehoseJobId.equals(frame.path("job_id").asText())) {
                frames++;
                if (HandWrittenFrames.isTerminal(frame)) {
                    terminal = frame;
                }
            }
        }
        if (terminal == null || frames != FRAMES + 1) {
            throw new AssertionError("firehose not done: " + frames);
        }
        return frames;
    }

    // ---- a thousand jobs: per job ---------------------------------------------------------------

    /**
     * The SDK: per job, what the session does for {@code runJob} (job state, routing entry, the
     * {@code run_job} command built and encoded, its reply matched) and for the job's frames, until
     * its result completes.
     */
    @Benchmark
    @OperationsPerInvocation(JOBS)
    public long sdkJobs(Blackhole bh) throws Exception {
        List<JobState> jobs = new ArrayList<>(JOBS);
        for (int i = 0; i < JOBS; i++) {
            RunJobRequest request = RunJobRequest.builder()
                    .workflowId("greeting")
                    .jobId(jobIds[i])
                    .param("name", "n" + i)
                    .extra("concurrent", true)
                    .build();
            JobState job = new JobState(context, jobIds[i], request.workflowId(), request.requireTerminalResult());
            router.register(job);
            CompletableFuture<ai.nodetool.client.messages.CommandReply> reply =
                    channel.send(ReplyMatcher.Kind.RUN_JOB, null, CommandEncoder.runJob(request));
            reply.whenComplete((r, error) -> job.accepted(r));
            jobs.add(job);
        }
        long ok = 0;
        for (int i = 0; i < JOBS; i++) {
            for (ByteString f : jobFrames[i]) {
                decoder.onBinary(f);
            }
        }
        for (int i = 0; i < JOBS; i++) {
            RunResult r = jobs.get(i).result().getNow(null);
            if (r == null || !("Hello, n" + i + "!").equals(String.valueOf(r.output("greeting")))) {
                throw new AssertionError("job " + i + " answered " + r);
            }
            ok++;
        }
        bh.consume(encoded);
        return ok;
    }

    /** Baseline: the hand-written client's per-job work (command encoded, frames parsed, result matched). */
    @Benchmark
    @OperationsPerInvocation(JOBS)
    public long handWrittenJobs(Blackhole bh) throws IOException {
        Map<String, CompletableFuture<JsonNode>> jobs = new HashMap<>();
        for (int i = 0; i < JOBS; i++) {
            CompletableFuture<JsonNode> f = new CompletableFuture<>();
            jobs.put(jobIds[i], f);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("type", "run_job_request");
            data.put("job_id", jobIds[i]);
            data.put("workflow_id", "greeting");
            data.put("params", Map.of("name", "n" + i));
            data.put("require_terminal_result", true);
            data.put("concurrent", true);
            Map<String, Object> command = new LinkedHashMap<>();
            command.put("command", "run_job");
            command.put("data", data);
            bh.consume(HandWrittenFrames.write(command));
        }
        for (int i = 0; i < JOBS; i++) {
            for (ByteString b : jobFrames[i]) {
                JsonNode frame = HandWrittenFrames.read(b);
                CompletableFuture<JsonNode> job = jobs.get(frame.path("job_id").asText());
                if (job != null && HandWrittenFrames.isTerminal(frame)) {
                    job.complete(frame);
                }
            }
        }
        long ok = 0;
        for (int i = 0; i < JOBS; i++) {
            JsonNode frame = jobs.get(jobIds[i]).getNow(null);
            String text = frame.path("result")
                    .path("outputs")
                    .path("greeting")
                    .path(0)
                    .asText();
            if (!text.equals("Hello, n" + i + "!")) {
                throw new AssertionError("job " + i + " answered " + text);
            }
            ok++;
        }
        return ok;
    }

    /**
     * The same four workloads interleaved round by round in one JVM, timed by the calling thread's CPU
     * time (everything runs on it), which a loaded machine disturbs far less than wall time: prints
     * the median CPU nanoseconds per frame and per job of each contender and the median of the
     * per-round ratios (hand-written / SDK: above 1 the SDK spends less CPU).
     *
     * <pre>java -cp … ai.nodetool.client.internal.session.SessionInboundBenchmark [ROUNDS] [WARMUP_ROUNDS]</pre>
     *
     * @param args rounds (default 15) and warm-up rounds (default 10)
     * @throws Exception if a contender fails its check
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int warmups = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        SessionInboundBenchmark b = new SessionInboundBenchmark();
        b.setUp();
        Blackhole bh = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        double[][] perItem = new double[4][rounds];
        try {
            for (int r = -warmups; r < rounds; r++) {
                for (int k = 0; k < 4; k++) {
                    int which = (k + Math.max(r, 0)) % 4; // rotate the order each round
                    long start = threads.getCurrentThreadCpuTime();
                    for (int rep = 0; rep < 5; rep++) {
                        switch (which) {
                            case 0 -> b.sdkFirehose();
                            case 1 -> b.handWrittenFirehose();
                            case 2 -> b.sdkJobs(bh);
                            default -> b.handWrittenJobs(bh);
                        }
                    }
                    long cpu = threads.getCurrentThreadCpuTime() - start;
                    if (r >= 0) {
                        perItem[which][r] = cpu / 5.0 / (which < 2 ? FRAMES : JOBS);
                    }
                }
            }
        } finally {
            b.tearDown();
        }
        double[] frameRatio = new double[rounds];
        double[] jobRatio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            frameRatio[r] = perItem[1][r] / perItem[0][r];
            jobRatio[r] = perItem[3][r] / perItem[2][r];
        }
        System.out.printf(
                "firehose: CPU ns/frame SDK %.0f, hand-written %.0f; hand-written/SDK median %.2f (%.2f-%.2f)%n",
                median(perItem[0]), median(perItem[1]), median(frameRatio), min(frameRatio), max(frameRatio));
        System.out.printf(
                "jobs:     CPU ns/job   SDK %.0f, hand-written %.0f; hand-written/SDK median %.2f (%.2f-%.2f)%n",
                median(perItem[2]), median(perItem[3]), median(jobRatio), min(jobRatio), max(jobRatio));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElse(Double.NaN);
    }

    /** A subscriber with unbounded demand that counts. */
    private static final class Counting implements Flow.Subscriber<JobMessage> {
        long n;
        boolean done;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(JobMessage item) {
            n++;
        }

        @Override
        public void onError(Throwable t) {
            throw new AssertionError(t);
        }

        @Override
        public void onComplete() {
            done = true;
        }
    }
}
