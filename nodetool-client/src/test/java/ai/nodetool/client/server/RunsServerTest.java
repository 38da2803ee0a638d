package ai.nodetool.client.server;

import static ai.nodetool.client.server.TestServers.received;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.InternalServerException;
import ai.nodetool.client.errors.JobFailedException;
import ai.nodetool.client.messages.AssetRef;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.testing.NodeToolClients;
import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.BothGenerations;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Blocking runs ({@code run}, {@code runAsync}) of every demo workflow through the public client,
 * against the test server in both generations (protocol-notes §5.1, §5.2).
 */
@ExtendWith(NodeToolClients.class)
class RunsServerTest {
    /** The two ways of running, so every expectation is checked for both. */
    enum Mode {
        SYNC,
        ASYNC;

        RunResult run(NodeToolClient client, String id, Map<String, ?> params) {
            if (this == SYNC) {
                return client.workflows().run(id, params);
            }
            try {
                return client.workflows().runAsync(id, params).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException) {
                    throw (RuntimeException) e.getCause();
                }
                throw new AssertionError(e);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    /**
     * Both generations name outputs by the Output node's name (protocol-notes §5.2). Issue 9: the test
     * server used to key Gen A's flat map by the node's title, and this test followed it.
     */
    private static String outputKey(Generation generation, String name, String legacyTitle) {
        return name;
    }

    @BothGenerations
    void greetingRunsWithTheGivenParamsAndDefaults(
            NodeToolTestServer server, NodeToolClient client, Generation generation) throws Exception {
        for (Mode mode : Mode.values()) {
            server.clearRecordings();
            RunResult result = mode.run(client, DemoWorkflowIds.GREETING, Map.of("name", "Ada"));
            String key = outputKey(generation, "greeting", "Output");

            assertThat(result.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(result.outputs()).containsOnlyKeys(key);
            assertThat(result.outputs().get(key)).containsExactly("Hello, Ada!");
            assertThat(result.output(key, String.class)).isEqualTo("Hello, Ada!");
            if (generation == Generation.CURRENT) {
                assertThat(result.jobId()).isNotBlank();
                assertThat(result.raw().path("workflow_id").asText()).isEqualTo("greeting");
            }
            var request = received(server, "POST", "/api/workflows/greeting/run");
            assertThat(request).hasSize(1);
            assertThat(new ObjectMapper().readTree(request.get(0).bodyUtf8()))
                    .isEqualTo(new ObjectMapper().readTree("{\"params\":{\"name\":\"Ada\"}}"));
            assertThat(request.get(0).header("content-type")).startsWith("application/json");

            assertThat(mode.run(client, DemoWorkflowIds.GREETING, null).output(key))
                    .isEqualTo("Hello, World!");
        }
    }

    @BothGenerations
    void sumAddsItsInputs(NodeToolTestServer server, NodeToolClient client, Generation generation) throws Exception {
        for (Mode mode : Mode.values()) {
            server.clearRecordings();
            RunResult result = mode.run(client, DemoWorkflowIds.SUM, Map.of("a", 40, "b", 2));

            Object sum = result.output(outputKey(generation, "sum", "Output"));
            assertThat(sum).isInstanceOf(Number.class);
            assertThat(((Number) sum).longValue()).isEqualTo(42L);
            assertThat(((Number) mode.run(client, DemoWorkflowIds.SUM, Map.of())
                                    .output(outputKey(generation, "sum", "Output")))
                            .longValue())
                    .isEqualTo(5L);
        }
    }

    @BothGenerations
    void imageIsAnAssetRefHoldingAPngOfTheRequestedSize(
            NodeToolTestServer server, NodeToolClient client, Generation generation) throws Exception {
        for (Mode mode : Mode.values()) {
            server.clearRecordings();
            RunResult result = mode.run(client, DemoWorkflowIds.IMAGE, Map.of("width", 7, "height", 5));

            AssetRef image = result.output(outputKey(generation, "image", "Image Output"), AssetRef.class);
            assertThat(image.type()).isEqualTo("image");
            if (generation == Generation.LEGACY) {
                // Gen A inlines media as data: URIs (typed application/octet-stream).
                assertThat(image.uri().orElseThrow()).startsWith("data:");
                assertThat(image.bytes()).isPresent();
            } else {
                // Gen C serves media from temp storage on the same server.
                String uri = image.uri().orElseThrow();
                assertThat(uri).startsWith(server.baseUrl() + "/api/storage/temp/");
                assertThat(image.bytes()).isEmpty();
                assertThat(download(client, uri)).isEqualTo(client.download(image));
            }
            byte[] png = client.download(image);
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(decoded).as("ImageIO decodes the bytes as an image").isNotNull();
            assertThat(decoded.getWidth()).isEqualTo(7);
            assertThat(decoded.getHeight()).isEqualTo(5);
        }
    }

    private static byte[] download(NodeToolClient client, String uri) throws IOException {
        try (Response response = client.httpClient()
                .newCall(new Request.Builder().url(uri).build())
                .execute()) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.header("Content-Type")).isEqualTo("image/png");
            return response.body().bytes();
        }
    }

    @BothGenerations
    void slowReportsItsStepCount(NodeToolTestServer server, NodeToolClient client, Generation generation)
            throws Exception {
        for (Mode mode : Mode.values()) {
            server.clearRecordings();
            RunResult result = mode.run(client, DemoWorkflowIds.SLOW, Map.of("steps", 3, "delay_ms", 1));

            assertThat(((Number) result.output(outputKey(generation, "result", "Output"))).intValue())
                    .isEqualTo(3);
        }
    }

    @BothGenerations
    void textStreamHasOneValuePerWord(NodeToolTestServer server, NodeToolClient client, Generation generation)
            throws Exception {
        for (Mode mode : Mode.values()) {
            server.clearRecordings();
            RunResult result = mode.run(client, DemoWorkflowIds.TEXT_STREAM, Map.of("text", "a b c"));

            if (generation == Generation.CURRENT) {
                assertThat(result.outputs().get("text")).containsExactly("a ", "b ", "c");
                assertThat(result.output("text")).isEqualTo("c");
            } else {
                // Gen A's flat map keeps the last value per output name.
                assertThat(result.outputs()).containsOnlyKeys("text");
                assertThat(result.outputs().get("text")).containsExactly("c");
            }
        }
    }

    @BothGenerations
    void failThrowsJobFailedExceptionWithTheServersText(
            NodeToolTestServer server, NodeToolClient client, Generation generation) throws Exception {
        for (Mode mode : Mode.values()) {
            server.clearRecordings();
            assertThatThrownBy(() -> mode.run(client, DemoWorkflowIds.FAIL, Map.of()))
                    .isInstanceOfSatisfying(JobFailedException.class, e -> {
                        assertThat(e.error()).isEqualTo("Something went wrong");
                        assertThat(e).hasMessageContaining("Something went wrong");
                        assertThat(e.result().status().isFailure()).isTrue();
                        if (generation == Generation.LEGACY) {
                            // Gen A: 500 {"detail": error}; the HTTP exception is kept as the cause.
                            assertThat(e.jobId()).isNull();
                            assertThat(e.getCause())
                                    .isInstanceOfSatisfying(
                                            InternalServerException.class,
                                            http -> assertThat(http.statusCode())
                                                    .isEqualTo(500));
                        } else {
                            // Gen C: HTTP 200 with status "failed".
                            assertThat(e.jobId()).isNotBlank();
                            assertThat(e.result().status()).isEqualTo(JobStatus.FAILED);
                            assertThat(e.result().raw().path("status").asText()).isEqualTo("failed");
                        }
                    });
            assertThat(received(server, "POST", "/api/workflows/fail/run"))
                    .as("never retried")
                    .hasSize(1);
        }
    }

    @BothGenerations
    void cancellingRunAsyncAbortsTheHttpCall(NodeToolTestServer server, NodeToolClient client) throws Exception {
        // About 100 s of work: it can only end early through the cancel.
        CompletableFuture<RunResult> future =
                client.workflows().runAsync(DemoWorkflowIds.SLOW, Map.of("steps", 10_000, "delay_ms", 10));
        var request = server.takeRequest();
        assertThat(request.path()).isEqualTo("/api/workflows/slow/run");
        assertThat(client.httpClient().dispatcher().runningCallsCount()).isEqualTo(1);

        assertThat(future.cancel(true)).isTrue();

        assertThat(future).isCancelled();
        assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        // The call is gone and its connection closed, not returned to the pool: the client hung up.
        await(() -> client.httpClient().dispatcher().runningCallsCount() == 0, "the call to end");
        await(() -> client.httpClient().connectionPool().connectionCount() == 0, "the connection to close");
        // The client stays usable.
        assertThat(client.workflows()
                        .run(DemoWorkflowIds.SUM, Map.of("a", 1, "b", 1))
                        .outputs())
                .hasSize(1);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
