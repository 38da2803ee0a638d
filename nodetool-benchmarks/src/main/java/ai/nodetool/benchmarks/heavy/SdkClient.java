package ai.nodetool.benchmarks.heavy;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.messages.AssetRef;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.session.JobHandle;
import ai.nodetool.client.session.JobSession;
import ai.nodetool.client.session.RunJobRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The SDK, with default options, on each workload: what a user of the SDK would write. Like the hand-written
 * contender's one {@code OkHttpClient}, one {@link NodeToolClient} per server serves every iteration of the
 * process (a client owns a connection pool and threads, and is meant to be shared); each iteration opens its
 * own session or stream.
 */
final class SdkClient implements Contender {
    private NodeToolClient legacy;
    private NodeToolClient current;

    private NodeToolClient legacy(String legacyUrl) {
        if (legacy == null) {
            legacy = NodeToolClient.builder()
                    .baseUrl(legacyUrl)
                    .workerUrl(legacyUrl)
                    .build();
        }
        return legacy;
    }

    private NodeToolClient current(String currentUrl) {
        if (current == null) {
            current = NodeToolClient.builder().baseUrl(currentUrl).build();
        }
        return current;
    }

    @Override
    public void close() {
        if (legacy != null) {
            legacy.close();
        }
        if (current != null) {
            current.close();
        }
    }

    @Override
    public Run wsFirehose(String legacyUrl, String currentUrl) throws Exception {
        try (JobSession session = current(currentUrl).connect()) {
            Clock clock = Clock.start();
            JobHandle job = session.runJob(RunJobRequest.builder()
                    .workflowId(HeavyWorkloads.FIREHOSE)
                    .randomJobId()
                    .build());
            Counting counter = new Counting();
            job.updates().subscribe(counter);
            job.result().get(5, TimeUnit.MINUTES);
            counter.await();
            return clock.stop(Checks.atLeast(counter.count(), HeavyWorkloads.FIREHOSE_FRAMES, "frames"));
        }
    }

    @Override
    public Run thousandJobs(String legacyUrl, String currentUrl) throws Exception {
        try (JobSession session = current(currentUrl).connect()) {
            Clock clock = Clock.start();
            List<CompletableFuture<RunResult>> results = new ArrayList<>(HeavyWorkloads.JOBS);
            for (int i = 0; i < HeavyWorkloads.JOBS; i++) {
                results.add(session.runJobAsync(RunJobRequest.builder()
                                .workflowId("greeting")
                                .randomJobId()
                                .param("name", "n" + i)
                                .extra("concurrent", true)
                                .build())
                        .thenCompose(JobHandle::result));
            }
            long ok = 0;
            for (int i = 0; i < HeavyWorkloads.JOBS; i++) {
                RunResult result = results.get(i).get(5, TimeUnit.MINUTES);
                Checks.equal(String.valueOf(result.output("greeting")), "Hello, n" + i + "!");
                ok++;
            }
            return clock.stop(ok);
        }
    }

    @Override
    public Run wsLargeBinary(String legacyUrl, String currentUrl) throws Exception {
        try (JobSession session = legacy(legacyUrl).connect()) {
            Clock clock = Clock.start();
            JobHandle job = session.runJob(RunJobRequest.builder()
                    .workflowId(HeavyWorkloads.LARGE_BINARY)
                    .build());
            RunResult result = job.result().get(5, TimeUnit.MINUTES);
            return clock.stop(Checks.largeBytes(bytesOf(result.output("image"))));
        }
    }

    @Override
    public Run httpLargeBase64(String legacyUrl, String currentUrl) throws Exception {
        NodeToolClient client = legacy(legacyUrl);
        Clock clock = Clock.start();
        RunResult result = client.workflows().run(HeavyWorkloads.LARGE_BINARY, Map.of());
        // As docs/getting-started.md tells users with large inline outputs: write them out from the
        // SDK's decoded blocks (here into a checking stream) instead of asking for one byte[] copy.
        Object image = result.output("image");
        if (image instanceof AssetRef ref) {
            PatternCheck check = new PatternCheck();
            if (ref.writeInlineTo(check) >= 0) {
                return clock.stop(check.total());
            }
        }
        return clock.stop(Checks.largeBytes(bytesOf(image)));
    }

    @Override
    public Run ndjson(String legacyUrl, String currentUrl) throws Exception {
        NodeToolClient client = legacy(legacyUrl);
        AtomicLong n = new AtomicLong();
        Clock clock = Clock.start();
        client.workflows().stream(HeavyWorkloads.STREAM, Map.of())
                .onMessage((JobMessage m) -> n.incrementAndGet())
                .await();
        return clock.stop(Checks.atLeast(n.get(), HeavyWorkloads.STREAM_LINES, "lines"));
    }

    @Override
    public Run sse(String legacyUrl, String currentUrl) throws Exception {
        NodeToolClient client = legacy(legacyUrl);
        AtomicLong n = new AtomicLong();
        Clock clock = Clock.start();
        client.worker().stream(HeavyWorkloads.STREAM, Map.of())
                .onMessage((JobMessage m) -> n.incrementAndGet())
                .await();
        return clock.stop(Checks.atLeast(n.get(), HeavyWorkloads.STREAM_LINES, "events"));
    }

    @Override
    public Run coldRun(String legacyUrl, String currentUrl) throws Exception {
        NodeToolClient client = legacy(legacyUrl);
        Clock clock = Clock.start();
        RunResult result = client.workflows().run("greeting", Map.of("name", "Ada"));
        Checks.equal(String.valueOf(result.output("greeting")), "Hello, Ada!");
        return clock.stop(1);
    }

    private static byte[] bytesOf(Object value) {
        if (value instanceof AssetRef ref) {
            return ref.bytes().orElseThrow(() -> new IllegalStateException("the image output has no bytes"));
        }
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        throw new IllegalStateException("the image output is " + (value == null ? "absent" : value.getClass()));
    }

    /** Checks every byte written against the test server's pattern, holding none of them. */
    private static final class PatternCheck extends java.io.OutputStream {
        private long offset;

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int off, int len) {
            long wrong = ai.nodetool.testserver.Workloads.firstPatternMismatch(offset, bytes, off, len);
            if (wrong >= 0) {
                throw new IllegalStateException("the image differs at byte " + wrong);
            }
            offset += len;
        }

        long total() {
            if (offset != HeavyWorkloads.LARGE_BYTES) {
                throw new IllegalStateException(
                        "the image has " + offset + " bytes, expected " + HeavyWorkloads.LARGE_BYTES);
            }
            return offset;
        }
    }

    /** A subscriber with unbounded demand that counts what it is given. */
    private static final class Counting implements Flow.Subscriber<JobMessage> {
        private final AtomicLong count = new AtomicLong();
        private final CountDownLatch done = new CountDownLatch(1);
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(JobMessage item) {
            count.incrementAndGet();
        }

        @Override
        public void onError(Throwable throwable) {
            failure.set(throwable);
            done.countDown();
        }

        @Override
        public void onComplete() {
            done.countDown();
        }

        void await() throws Exception {
            if (!done.await(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the updates publisher did not complete");
            }
            Throwable t = failure.get();
            if (t != null) {
                throw new IllegalStateException("updates() failed: " + t, t);
            }
        }

        long count() {
            return count.get();
        }
    }
}
