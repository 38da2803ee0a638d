package ai.nodetool.testserver.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.testserver.DemoWorkflowIds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Soak: one test server process with {@code -Xmx256m} and the default memory bounds takes 10,000
 * WebSocket jobs and more than 1,000,000 frames (ten firehose jobs of 90,000 frames, the rest small
 * demo runs, some with temporary media, plus HTTP runs), over a fresh socket per round, driven by a
 * raw WebSocket client in this JVM. The heap in use after a full collection, asked from the server
 * process after every round, must stay flat: a leak of a few bytes per frame or a few kilobytes per
 * job shows as growth across the rounds (and the unbounded frame logs of before ran out of memory).
 *
 * <p>It takes longer than a minute on the project's 2-core machine, so it runs only with
 * {@code -Dnodetool.soak=true}: {@code ./mvnw -B -ntp test -pl nodetool-testserver -Dtest=SoakServerTest
 * -Dnodetool.soak=true} (docs/testing.md, "The SDK's own tests").
 */
class SoakServerTest {
    private static final int ROUNDS = 10;
    private static final int JOBS_PER_ROUND = 1000;
    private static final int FIREHOSE_FRAMES = 90_000;
    private static final int IN_FLIGHT = 16;
    private static final long MIB = 1024 * 1024;
    private static final byte[] LOG_UPDATE = "\u00aalog_update".getBytes(StandardCharsets.ISO_8859_1);

    @Test
    @EnabledIfSystemProperty(named = "nodetool.soak", matches = "true")
    void tenThousandJobsAndAMillionFramesKeepTheHeapFlat() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-XX:+UseG1GC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        SoakServerMain.class.getName(),
                        Integer.toString(IN_FLIGHT),
                        Integer.toString(FIREHOSE_FRAMES))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        long started = System.nanoTime();
        try (BufferedReader out =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
            String first = out.readLine();
            assertThat(first).as("the server's port").startsWith("PORT ");
            int port = Integer.parseInt(first.substring(5));
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = "http://127.0.0.1:" + port;

            List<Long> heap = new ArrayList<>();
            heap.add(heap(in, out));
            long frames = 0;
            int jobs = 0;
            for (int round = 0; round < ROUNDS; round++) {
                try (RawWebSocket socket = new RawWebSocket(port, "/ws", 0)) {
                    socket.read(); // sdk_execution_target
                    socket.read(); // renderer_registered
                    frames += runJob(socket, "hose-" + round, "soak-hose", Map.of());
                    jobs++;
                    for (int i = 1; i < JOBS_PER_ROUND; i += IN_FLIGHT) {
                        int batch = Math.min(IN_FLIGHT, JOBS_PER_ROUND - i);
                        for (int k = 0; k < batch; k++) {
                            int n = i + k;
                            String workflow = n % 10 == 0 ? DemoWorkflowIds.IMAGE : DemoWorkflowIds.GREETING;
                            Map<String, Object> params =
                                    n % 10 == 0 ? Map.of("width", 32, "height", 32) : Map.of("name", "n" + n);
                            send(socket, "r" + round + "-" + n, workflow, params);
                        }
                        frames += awaitTerminals(socket, batch);
                        jobs += batch;
                    }
                }
                for (int i = 0; i < 20; i++) {
                    HttpResponse<String> run = http.send(
                            HttpRequest.newBuilder(URI.create(base + "/api/workflows/greeting/run"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"params\":{\"name\":\"h\"}}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(run.statusCode()).isEqualTo(200);
                }
                heap.add(heap(in, out));
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(
                    "soak: %d jobs, %d frames in %.1f s; heap after GC (MiB) per round: %s%n",
                    jobs,
                    frames,
                    seconds,
                    heap.stream()
                            .map(b -> String.format("%.1f", b / (double) MIB))
                            .toList());
            assertThat(jobs).isEqualTo(ROUNDS * JOBS_PER_ROUND);
            assertThat(frames).isGreaterThanOrEqualTo(1_000_000);
            // Flat: after the bounds have filled (round 3), no round ends with more than 16 MiB above it.
            long settled = heap.get(3);
            for (int i = 4; i < heap.size(); i++) {
                assertThat(heap.get(i))
                        .as("heap after round %d (MiB %s)", i, heap)
                        .isLessThan(settled + 16 * MIB);
            }
            in.write("quit\n");
            in.flush();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static long heap(Writer in, BufferedReader out) throws Exception {
        in.write("heap\n");
        in.flush();
        String line = out.readLine();
        assertThat(line).startsWith("HEAP ");
        return Long.parseLong(line.substring(5));
    }

    private static void send(RawWebSocket socket, String jobId, String workflowId, Map<String, Object> params)
            throws Exception {
        ObjectNode command = WsClient.command(
                "run_job",
                "job_id",
                jobId,
                "workflow_id",
                workflowId,
                "params",
                params,
                "concurrent",
                true,
                "require_terminal_result",
                true);
        socket.sendBinary(WsClient.MSGPACK.writeValueAsBytes(command));
    }

    private static long runJob(RawWebSocket socket, String jobId, String workflowId, Map<String, Object> params)
            throws Exception {
        send(socket, jobId, workflowId, params);
        return awaitTerminals(socket, 1);
    }

    /** Reads until {@code count} jobs ended; returns the number of job frames read. */
    private static long awaitTerminals(RawWebSocket socket, int count) throws Exception {
        long frames = 0;
        int ended = 0;
        while (ended < count) {
            assertThat(socket.read()).isEqualTo(RawWebSocket.OP_BINARY);
            if (isLogUpdate(socket)) {
                frames++;
                continue;
            }
            JsonNode message = WsClient.MSGPACK.readTree(socket.payload(), 0, socket.length());
            if (!message.has("type")) {
                continue; // a command reply
            }
            frames++;
            if (message.path("type").asText().equals("job_update")) {
                String status = message.path("status").asText();
                assertThat(status).isNotIn("failed", "cancelled");
                if (status.equals("completed")) {
                    ended++;
                }
            }
        }
        return frames;
    }

    /** Whether the frame's first entry is {@code type: "log_update"}, without decoding it. */
    private static boolean isLogUpdate(RawWebSocket socket) {
        byte[] p = socket.payload();
        // map16 header (3 bytes), fixstr "type" (5 bytes), then the value
        if (socket.length() < 8 + LOG_UPDATE.length || (p[0] & 0xff) != 0xde || p[3] != (byte) 0xa4) {
            return false;
        }
        for (int i = 0; i < LOG_UPDATE.length; i++) {
            if (p[8 + i] != LOG_UPDATE[i]) {
                return false;
            }
        }
        return true;
    }
}
