package ai.nodetool.client.internal.flow;

import ai.nodetool.client.internal.decode.NdjsonDecoder;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Run in a JVM with a small heap by {@link BoundedMemoryTest}: streams N NDJSON messages of about
 * 200 bytes, generated lazily and never materialised, through NdjsonDecoder and the pull publisher
 * to a subscriber that requests one at a time. Exit code 0 means every message arrived in order,
 * the stream completed, and reading never ran ahead of demand.
 */
public final class BoundedMemoryMain {

    private BoundedMemoryMain() {}

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        NdjsonDecoder decoder = new NdjsonDecoder(new GeneratedNdjson(count));
        StreamPublisher<JsonNode> publisher = StreamPublisher.pull(heartbeat -> decoder, null,
                FlowOptions.defaults().withName("bounded-memory"));
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<String> failure = new AtomicReference<>();
        long[] received = new long[1];
        publisher.subscribe(new Flow.Subscriber<>() {
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(1);
            }

            @Override
            public void onNext(JsonNode node) {
                long expected = received[0];
                if (node.get("seq").asLong() != expected) {
                    failure.compareAndSet(null, "out of order: got " + node.get("seq") + ", expected " + expected);
                }
                // Read-ahead is zero: the decoder has read exactly the lines delivered so far.
                if (decoder.lineNumber() != expected + 1) {
                    failure.compareAndSet(null, "read ahead of demand: line " + decoder.lineNumber()
                            + " read while delivering message " + (expected + 1));
                }
                received[0] = expected + 1;
                subscription.request(1);
            }

            @Override
            public void onError(Throwable t) {
                failure.compareAndSet(null, "onError: " + t);
                done.countDown();
            }

            @Override
            public void onComplete() {
                done.countDown();
            }
        });
        if (!done.await(120, TimeUnit.SECONDS)) {
            System.out.println("FAIL: no terminal signal; received " + received[0]);
            System.exit(3);
        }
        if (failure.get() != null || received[0] != count) {
            System.out.println("FAIL: " + failure.get() + "; received " + received[0] + " of " + count);
            System.exit(2);
        }
        Runtime rt = Runtime.getRuntime();
        System.out.println("OK " + received[0] + " messages; max heap " + rt.maxMemory() / (1024 * 1024) + " MiB");
        System.exit(0);
    }

    /** NDJSON lines produced on demand, one at a time; nothing is kept beyond the current line. */
    static final class GeneratedNdjson extends InputStream {
        private static final String PAD = "x".repeat(96);
        private final int count;
        private int next;
        private byte[] line = new byte[0];
        private int pos;

        GeneratedNdjson(int count) {
            this.count = count;
        }

        private boolean ensureLine() {
            if (pos < line.length) {
                return true;
            }
            if (next >= count) {
                return false;
            }
            String text = "{\"type\":\"node_progress\",\"job_id\":\"j-1\",\"node_id\":\"n-" + (next % 7)
                    + "\",\"seq\":" + next + ",\"total\":" + count + ",\"pad\":\"" + PAD + "\"}\n";
            line = text.getBytes(StandardCharsets.UTF_8);
            pos = 0;
            next++;
            return true;
        }

        @Override
        public int read() {
            return ensureLine() ? line[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int copied = 0;
            while (copied < len && ensureLine()) {
                int n = Math.min(len - copied, line.length - pos);
                System.arraycopy(line, pos, b, off + copied, n);
                pos += n;
                copied += n;
            }
            return copied == 0 && len > 0 ? -1 : copied;
        }
    }
}
