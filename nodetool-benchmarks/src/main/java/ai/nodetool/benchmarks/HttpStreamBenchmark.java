package ai.nodetool.benchmarks;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.streaming.JobStream;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Issue 15's HTTP stream workload, end to end over loopback: the legacy test server's firehose run
 * ({@value #COUNT} log lines of about 200 bytes), read as NDJSON from the Editor API and as server-sent
 * events from the Worker API, by
 * <ul>
 *   <li>{@code sdkNdjson} / {@code sdkSse}: {@code client.workflows().stream(...)} /
 *       {@code client.worker().stream(...)}, every message counted by an {@code onMessage} listener, then
 *       {@code await()};
 *   <li>{@code baselineNdjson} / {@code baselineSse}: the hand-written contender: OkHttp, okio's
 *       {@code BufferedSource.readUtf8Line()} over the body, Jackson {@code ObjectMapper.readTree} per line
 *       (SSE: per {@code data:} line).
 * </ul>
 * Scores are messages per second; the figures that matter are sdkNdjson / baselineNdjson and sdkSse /
 * baselineSse, measured in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HttpStreamBenchmark {

    static final int COUNT = 200_000;
    private static final MediaType JSON = MediaType.get("application/json");

    private NodeToolTestServer server;
    private NodeToolClient client;
    private OkHttpClient okHttp;
    private final ObjectMapper mapper = new ObjectMapper();
    private String ndjsonUrl;
    private String sseUrl;

    @Setup(Level.Trial)
    public void setUp() {
        server = NodeToolTestServer.builder().generation(Generation.LEGACY).start();
        server.registerFirehose("firehose", COUNT, 96);
        client = NodeToolClient.builder().baseUrl(server.baseUrl()).build();
        okHttp = new OkHttpClient.Builder().readTimeout(Duration.ZERO).build();
        String base = server.baseUrl().replaceAll("/$", "");
        ndjsonUrl = base + "/api/workflows/firehose/run?stream=true";
        sseUrl = base + "/workflows/firehose/run/stream";
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        client.close();
        okHttp.dispatcher().executorService().shutdown();
        okHttp.connectionPool().evictAll();
        server.close();
    }

    @Benchmark
    @OperationsPerInvocation(COUNT + 2) // running, the log lines, the terminal job_update
    public long sdkNdjson(Blackhole bh) {
        return drain(client.workflows().stream("firehose", Map.of()), bh);
    }

    @Benchmark
    @OperationsPerInvocation(COUNT + 2)
    public long baselineNdjson(Blackhole bh) throws Exception {
        long n = 0;
        try (Response response =
                okHttp.newCall(post(ndjsonUrl, "{\"params\":{}}")).execute()) {
            BufferedSource source = response.body().source();
            for (String line = source.readUtf8Line(); line != null; line = source.readUtf8Line()) {
                if (line.isEmpty()) {
                    continue;
                }
                JsonNode node = mapper.readTree(line);
                bh.consume(node);
                n++;
            }
        }
        return n;
    }

    @Benchmark
    @OperationsPerInvocation(COUNT + 2)
    public long sdkSse(Blackhole bh) {
        return drain(client.worker().stream("firehose", Map.of()), bh);
    }

    @Benchmark
    @OperationsPerInvocation(COUNT + 2)
    public long baselineSse(Blackhole bh) throws Exception {
        long n = 0;
        try (Response response = okHttp.newCall(post(sseUrl, "{}")).execute()) {
            BufferedSource source = response.body().source();
            for (String line = source.readUtf8Line(); line != null; line = source.readUtf8Line()) {
                if (!line.startsWith("data: ")) {
                    continue;
                }
                String data = line.substring(6);
                if (data.equals("[DONE]")) {
                    break;
                }
                JsonNode node = mapper.readTree(data);
                bh.consume(node);
                n++;
            }
        }
        return n;
    }

    private static Request post(String url, String body) {
        return new Request.Builder()
                .url(url)
                .post(RequestBody.create(body.getBytes(StandardCharsets.UTF_8), JSON))
                .build();
    }

    /** Runs {@code stream} to its end, as a user with a listener would, and counts its messages. */
    private static long drain(JobStream stream, Blackhole bh) {
        AtomicLong n = new AtomicLong();
        stream.onMessage((JobMessage m) -> {
                    n.incrementAndGet();
                    bh.consume(m);
                })
                .await();
        return n.get();
    }
}
