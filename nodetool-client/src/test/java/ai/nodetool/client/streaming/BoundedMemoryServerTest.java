package ai.nodetool.client.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.BoundedMemoryHarness;
import org.junit.jupiter.api.Test;

/**
 * Memory stays bounded end to end (DESIGN.md §5): a million ~200-byte NDJSON messages (about
 * 200 MB) from the real test server through {@code workflows().stream()}, in a forked JVM with a
 * 64 MiB heap shared by server and client, read one message at a time.
 */
class BoundedMemoryServerTest {

    @Test
    void aMillionMessageRunStreamsInASixtyFourMegabyteHeap() throws Exception {
        String output = BoundedMemoryHarness.runInSixtyFourMegabyteHeap(BoundedMemoryServerMain.class, "1000000");
        System.out.println(output.trim());
        assertThat(output).contains("OK 1000000 messages");
    }
}
