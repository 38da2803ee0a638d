package ai.nodetool.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.nodetool.client.errors.JobFailedException;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** A failed blocking run's error text (HTTP 200, {@code status:"failed"}) is scrubbed of the token. */
class BlockingRunScrubMockTest {
    private static final String TOKEN = "ntk_scrub_me_77";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    @Test
    void failedRunTextNeverCarriesTheToken() {
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/json")
                .body("{\"job_id\":\"j1\",\"workflow_id\":\"wf\",\"status\":\"failed\",\"outputs\":{},"
                        + "\"error\":\"Node \\\"x\\\" failed: key " + TOKEN + " rejected\"}")
                .build());
        try (NodeToolClient client = NodeToolClient.builder()
                .baseUrl(server.url("/").toString())
                .apiToken(TOKEN)
                .build()) {
            Throwable e = catchThrowable(() -> client.workflows().run("wf", Map.of()));
            assertThat(e).isInstanceOf(JobFailedException.class).hasMessageContaining("***");
            assertThat(e.getMessage()).doesNotContain(TOKEN);
            assertThat(((JobFailedException) e).error()).doesNotContain(TOKEN).contains("failed: key ***");
            assertThat(((JobFailedException) e).result().error()).doesNotContain(TOKEN);
        }
    }
}
