package ai.nodetool.client.internal.flow;

import ai.nodetool.client.BoundedMemoryHarness.OneAtATimeSubscriber;
import ai.nodetool.client.internal.decode.NdjsonDecoder;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

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
        StreamPublisher<JsonNode> publisher = StreamPublisher.pull(
                heartbeat -> decoder, null, FlowOptions.defaults().withName("bounded-memory"));
        OneAtATimeSubscriber<JsonNode> subscriber = new OneAtATimeSubscriber<>() {
            @Override
            protected String check(JsonNode node, long expected) {
                if (node.get("seq").asLong() != expected) {
                    return "out of order: got " + node.get("seq") + ", expected " + expected;
                }
                // Read-ahead is zero: the decoder has read exactly the lines delivered so far.
                if (decoder.lineNumber() != expected + 1) {
                    return "read ahead of demand: line " + decoder.lineNumber() + " read while delivering message "
                            + (expected + 1);
                }
                return null;
            }
        };
        publisher.subscribe(subscriber);
        subscriber.awaitTerminalOrExit();
        if (subscriber.failure() != null || subscriber.received() != count) {
            System.out.println(
                    "FAIL: " + subscriber.failure() + "; received " + subscriber.received() + " of " + count);
            System.exit(2);
        }
        Runtime rt = Runtime.getRuntime();
        System.out.println(
                "OK " + subscriber.received() + " messages; max heap " + rt.maxMemory() / (1024 * 1024) + " MiB");
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
            String text = "{\"type\":\"node_progress\",\"job_id\":\"j-1\",\"node_id\":\"n-" + (next % 7) + "\",\"seq\":"
                    + next + ",\"total\":" + count + ",\"pad\":\"" + PAD + "\"}\n";
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
