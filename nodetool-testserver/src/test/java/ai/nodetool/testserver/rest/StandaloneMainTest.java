package ai.nodetool.testserver.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The standalone server really starts in its own JVM and answers (what docs/testing.md promises).
 * Launched from this test's class path, so it checks the current classes rather than a possibly
 * stale shaded jar.
 */
class StandaloneMainTest {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

    @Test
    void mainServesTheChosenGenerationOnAnEphemeralPort() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        "ai.nodetool.testserver.Main",
                        "--port",
                        "0",
                        "--generation",
                        "current")
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String baseUrl = CompletableFuture.supplyAsync(() -> {
                        try {
                            for (String line = out.readLine(); line != null; line = out.readLine()) {
                                Matcher m = LISTENING.matcher(line);
                                if (m.find()) {
                                    return m.group(1);
                                }
                            }
                            return null;
                        } catch (java.io.IOException e) {
                            return null;
                        }
                    })
                    .get(30, TimeUnit.SECONDS);
            assertThat(baseUrl).as("the URL Main prints").isNotNull();

            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (String path : List.of("/ready", "/api/workflows/greeting")) {
                HttpResponse<String> r = client.send(
                        HttpRequest.newBuilder(URI.create(baseUrl + path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(path).isEqualTo(200);
            }
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
