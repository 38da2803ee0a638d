package ai.nodetool.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.BoundedMemoryHarness;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, large media over the WebSocket: a 50 MiB {@code bin} output, sent twice per job (output
 * update and terminal result), completes in every round in a forked client JVM limited to 128 MiB,
 * with and without a subscriber to {@code updates()}, and the heap after GC stays flat between jobs
 * and falls back after the session is closed (nothing of a finished job stays reachable).
 */
class LargeOutputSessionMockTest {
    private static final int SIZE = 50 * 1024 * 1024;
    private static final int ROUNDS = 4;

    @Test
    void fiftyMebibyteOutputsCompleteInEveryRoundInA128MebibyteHeap() throws Exception {
        byte[] payload = new byte[SIZE];
        Arrays.fill(payload, (byte) 7);
        try (FramePeer peer = new FramePeer(false)) {
            Thread server = new Thread(
                    () -> {
                        try {
                            for (int served = 0; served < ROUNDS; ) {
                                JsonNode command = peer.commands.poll(150, TimeUnit.SECONDS);
                                if (command == null) {
                                    return;
                                }
                                if (!"run_job".equals(command.path("command").asText())) {
                                    continue;
                                }
                                String id = command.path("data").path("job_id").asText();
                                peer.send(Map.of("message", "Job started", "job_id", id));
                                Map<String, Object> output = new LinkedHashMap<>();
                                output.put("type", "output_update");
                                output.put("job_id", id);
                                output.put("job_seq", 1);
                                output.put("node_id", "n");
                                output.put("output_name", "out");
                                output.put("value", payload);
                                peer.send(output);
                                Map<String, Object> done = new LinkedHashMap<>();
                                done.put("type", "job_update");
                                done.put("job_id", id);
                                done.put("job_seq", 2);
                                done.put("status", "completed");
                                done.put("result", Map.of("outputs", Map.of("out", List.of(payload))));
                                peer.send(done);
                                served++;
                            }
                        } catch (Exception e) {
                            // the test fails through the forked JVM's output
                        }
                    },
                    "large-output-peer");
            server.setDaemon(true);
            server.start();

            String output = runWith128MebibyteHeap(
                    LargeOutputSessionMain.class,
                    peer.httpUrl(),
                    peer.wsUrl(),
                    String.valueOf(ROUNDS),
                    String.valueOf(SIZE));
            assertThat(output).contains("OK");
            List<Long> rounds = new ArrayList<>();
            String summary = output.substring(output.indexOf("heapMiB:"));
            Matcher m = Pattern.compile("round\\d+=(\\d+)").matcher(summary);
            while (m.find()) {
                rounds.add(Long.parseLong(m.group(1)));
            }
            assertThat(rounds).hasSize(ROUNDS);
            // flat between jobs: no round keeps a 50 MiB payload of an earlier one
            assertThat(rounds.get(ROUNDS - 1)).as(output).isLessThan(rounds.get(1) + 16);
            Matcher closed = Pattern.compile("closed=(\\d+)").matcher(summary);
            assertThat(closed.find()).isTrue();
            assertThat(Long.parseLong(closed.group(1))).as(output).isLessThan(40);
        }
    }

    /**
     * Forks {@code main} with a 128 MiB heap (G1, exit on OOM) and returns its output.
     *
     * <p>G1 runs with one GC thread. Decoding a 50 MiB {@code bin} needs OkHttp's frame (in 8 KiB
     * segments) and the 50 MiB array at once, and the array must find 51 free regions in a row. On
     * Java 17, G1's full GC compacts with one compaction point per GC thread, so with two threads
     * the 70 MiB left free can end up in two pieces, neither long enough: the GC log of a failing
     * run shows 57 MiB live after two full GCs and the allocation refused. With that, 7 of 8 runs of
     * this test passed; with one GC thread, 24 of 24; on Java 25's G1 with its defaults, 8 of 8.
     * docs/websocket.md ("Bad input") tells users the same.
     */
    static String runWith128MebibyteHeap(Class<?> main, String... args) throws Exception {
        return BoundedMemoryHarness.runForked(
                List.of("-Xmx128m", "-XX:+UseG1GC", "-XX:ParallelGCThreads=1", "-XX:+ExitOnOutOfMemoryError"),
                150,
                main,
                args);
    }
}
