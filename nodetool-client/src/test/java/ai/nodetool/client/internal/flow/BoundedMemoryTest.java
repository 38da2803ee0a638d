package ai.nodetool.client.internal.flow;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.BoundedMemoryHarness;
import org.junit.jupiter.api.Test;

/**
 * Memory stays bounded however long the stream (DESIGN.md §5): a million ~200-byte NDJSON
 * messages (about 200 MB, generated lazily) through the decoder and the publisher, in a forked
 * JVM limited to a 64 MiB heap, with a subscriber requesting one message at a time.
 */
class BoundedMemoryTest {

    @Test
    void aMillionMessagesFitInASixtyFourMegabyteHeap() throws Exception {
        String output = BoundedMemoryHarness.runInSixtyFourMegabyteHeap(BoundedMemoryMain.class, "1000000");
        assertThat(output).contains("OK 1000000 messages");
    }
}
