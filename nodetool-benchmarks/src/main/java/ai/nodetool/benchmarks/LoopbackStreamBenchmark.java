package ai.nodetool.benchmarks;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
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
 * End to end over loopback: the same Gen A firehose run ({@value #COUNT} NDJSON log lines of about
 * 200 bytes, from the real test server) read by
 * <ul>
 *   <li>{@code sdkJobStream}: {@code client.workflows().stream(id, params)}, every message counted
 *       by a listener, {@code await()} for the result;
 *   <li>{@code baselineOkHttpReadTree}: the obvious hand-written client: OkHttp, a
 *       {@code BufferedReader} over the body, Jackson {@code readTree} per line.
 * </ul>
 * Scores are messages per second; the figure that matters is the ratio.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LoopbackStreamBenchmark {

    static final int COUNT = 50_000;
    private static final MediaType JSON = MediaType.get("application/json");

    private NodeToolTestServer server;
    private NodeToolClient client;
    private OkHttpClient okHttp;
    private final ObjectMapper mapper = new ObjectMapper();
    private String url;

    @Setup(Level.Trial)
    public void setUp() {
        server = NodeToolTestServer.builder().generation(Generation.LEGACY).start();
        server.registerFirehose("firehose", COUNT, 96);
        client = NodeToolClient.builder().baseUrl(server.baseUrl()).build();
        okHttp = new OkHttpClient.Builder().readTimeout(Duration.ZERO).build();
        url = server.baseUrl().replaceAll("/$", "") + "/api/workflows/firehose/run?stream=true";
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
    public long sdkJobStream(Blackhole bh) {
        AtomicLong n = new AtomicLong();
        client.workflows().stream("firehose", Map.of())
                .onMessage((JobMessage m) -> {
                    n.incrementAndGet();
                    bh.consume(m);
                })
                .await();
        return n.get();
    }

    @Benchmark
    @OperationsPerInvocation(COUNT + 2)
    public long baselineOkHttpReadTree(Blackhole bh) throws Exception {
        Request request = new Request.Builder()
                .url(url)
                .post(RequestBody.create("{\"params\":{}}".getBytes(StandardCharsets.UTF_8), JSON))
                .build();
        long n = 0;
        try (Response response = okHttp.newCall(request).execute();
                BufferedReader reader = new BufferedReader(
                        new InputStreamReader(response.body().byteStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                JsonNode node = mapper.readTree(line);
                bh.consume(node);
                n++;
            }
        }
        return n;
    }
}
