package ai.nodetool.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.nodetool.client.errors.JobFailedException;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * Secret header values are scrubbed longest first, so that a secret which begins with another one is
 * replaced whole and no tail of it is left in an error text.
 */
class SecretHeaderScrubOrderMockTest {
    private static final String SHORT = "k3y-short";
    private static final String LONG = SHORT + "-and-long";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    @Test
    void aSecretThatStartsWithAnotherIsScrubbedWhole() {
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/json")
                .body("{\"job_id\":\"j1\",\"workflow_id\":\"wf\",\"status\":\"failed\",\"outputs\":{},"
                        + "\"error\":\"rejected " + LONG + " and " + SHORT + " here\"}")
                .build());
        try (NodeToolClient client = NodeToolClient.builder()
                .baseUrl(server.url("/").toString())
                .header("X-Api-Key", SHORT)
                .header("X-Session-Secret", LONG)
                .build()) {
            Throwable e = catchThrowable(() -> client.workflows().run("wf", Map.of()));

            assertThat(e).isInstanceOf(JobFailedException.class);
            String error = ((JobFailedException) e).error();
            assertThat(error).isEqualTo("rejected *** and *** here");
            assertThat(e.getMessage()).doesNotContain(SHORT, "-and-long");
        }
    }
}
