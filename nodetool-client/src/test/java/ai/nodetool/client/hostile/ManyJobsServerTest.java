package ai.nodetool.client.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.BoundedMemoryHarness;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: one test server kept across many WebSocket jobs (and HTTP runs with bodies) in a
 * forked JVM with a 64 MiB heap stays healthy: every job completes, {@code /health} answers, and
 * the oldest frame logs were dropped. Before the bounds, frame logs and recordings grew with
 * every job.
 */
class ManyJobsServerTest {
    @Test
    void oneServerRunsThousandsOfJobsInASmallHeap() throws Exception {
        String output = BoundedMemoryHarness.runInSixtyFourMegabyteHeap(ManyJobsServerMain.class, "5000");
        assertThat(output).contains("completed=5000").contains("health=200").contains("OK");
    }
}
