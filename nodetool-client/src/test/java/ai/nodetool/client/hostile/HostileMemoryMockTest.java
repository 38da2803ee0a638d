package ai.nodetool.client.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.BoundedMemoryHarness;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's memory cases in a forked JVM with a 64 MiB heap: a gzip bomb and a 30 MB JSON string
 * on plain GETs fail typed with the default body cap instead of killing the JVM.
 */
class HostileMemoryMockTest {
    @Test
    void aGzipBombAndAHugeStringFailTypedInASixtyFourMegabyteHeap() throws Exception {
        String output = BoundedMemoryHarness.runInSixtyFourMegabyteHeap(HostileMemoryMain.class);
        assertThat(output)
                .contains("gzip bomb: ")
                .contains("30 MB JSON string: ")
                .contains("OK");
    }
}
