package ai.nodetool.benchmarks.heavy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.BufferedSource;
import okio.ByteString;

/**
 * The hand-written Java contender: what a developer would write without the SDK. OkHttp's WebSocket
 * with Jackson's MessagePack {@code readTree} per frame; OkHttp with {@code readUtf8Line} and Jackson
 * {@code readTree} per line for NDJSON and SSE; OkHttp and Jackson for blocking runs. It keeps only
 * what the workload needs (a count, the checked result), and raises Jackson's string limit for the
 * base64 {@code data:} URI, as anyone who met that limit would.
 */
final class HandWrittenClient implements Contender {
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .build())
            .build());

    private final OkHttpClient http = new OkHttpClient.Builder()
            .readTimeout(Duration.ZERO)
            .callTimeout(Duration.ZERO)
            .build();

    @Override
    public Run wsFirehose(String legacyUrl, String currentUrl) throws Exception {
        String jobId = UUID.randomUUID().toString();
        AtomicLong frames = new AtomicLong();
        CompletableFuture<JsonNode> terminal = new CompletableFuture<>();
        Socket socket = Socket.open(http, currentUrl + "ws", frame -> {
            if (jobId.equals(frame.path("job_id").asText())) {
                frames.incrementAndGet();
                if (HandWrittenFrames.isTerminal(frame)) {
                    terminal.complete(frame);
                }
            } else if (frame.has("error")) {
                terminal.completeExceptionally(new IllegalStateException(frame.toString()));
            }
        });
        try {
            Clock clock = Clock.start();
            socket.send(runJob(jobId, HeavyWorkloads.FIREHOSE, Map.of()));
            checkCompleted(socket.await(terminal));
            return clock.stop(Checks.atLeast(frames.get(), HeavyWorkloads.FIREHOSE_FRAMES, "frames"));
        } finally {
            socket.close();
        }
    }

    @Override
    public Run thousandJobs(String legacyUrl, String currentUrl) throws Exception {
        Map<String, CompletableFuture<JsonNode>> jobs = new ConcurrentHashMap<>();
        String[] ids = new String[HeavyWorkloads.JOBS];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = UUID.randomUUID().toString();
            jobs.put(ids[i], new CompletableFuture<>());
        }
        CompletableFuture<JsonNode> failure = new CompletableFuture<>();
        Socket socket = Socket.open(http, currentUrl + "ws", frame -> {
            CompletableFuture<JsonNode> job = jobs.get(frame.path("job_id").asText());
            if (job != null && HandWrittenFrames.isTerminal(frame)) {
                job.complete(frame);
            } else if (frame.has("error")) {
                failure.completeExceptionally(new IllegalStateException(frame.toString()));
            }
        });
        try {
            Clock clock = Clock.start();
            for (int i = 0; i < ids.length; i++) {
                socket.send(runJob(ids[i], "greeting", Map.of("name", "n" + i)));
            }
            long ok = 0;
            for (int i = 0; i < ids.length; i++) {
                JsonNode frame = socket.await(
                        CompletableFuture.anyOf(jobs.get(ids[i]), failure).thenApply(JsonNode.class::cast));
                checkCompleted(frame);
                Checks.equal(
                        frame.path("result")
                                .path("outputs")
                                .path("greeting")
                                .path(0)
                                .asText(),
                        "Hello, n" + i + "!");
                ok++;
            }
            return clock.stop(ok);
        } finally {
            socket.close();
        }
    }

    @Override
    public Run wsLargeBinary(String legacyUrl, String currentUrl) throws Exception {
        CompletableFuture<JsonNode> terminal = new CompletableFuture<>();
        // Gen A names the job itself (protocol-notes §8.4): one job per socket, so any terminal update is ours.
        Socket socket = Socket.open(http, legacyUrl + "predict", frame -> {
            if (HandWrittenFrames.isTerminal(frame)) {
                terminal.complete(frame);
            } else if (frame.has("error")) {
                terminal.completeExceptionally(new IllegalStateException(frame.toString()));
            }
        });
        try {
            Clock clock = Clock.start();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("workflow_id", HeavyWorkloads.LARGE_BINARY);
            data.put("params", Map.of());
            socket.send(Map.of("command", "run_job", "data", data));
            JsonNode frame = socket.await(terminal);
            checkCompleted(frame);
            JsonNode image = frame.path("result").path("image");
            if (image.isArray()) {
                image = image.path(0);
            }
            return clock.stop(Checks.largeBytes(image.path("data").binaryValue()));
        } finally {
            socket.close();
        }
    }

    @Override
    public Run httpLargeBase64(String legacyUrl, String currentUrl) throws Exception {
        Clock clock = Clock.start();
        JsonNode body;
        try (Response response = http.newCall(
                        post(legacyUrl + "api/workflows/" + HeavyWorkloads.LARGE_BINARY + "/run", "{\"params\":{}}"))
                .execute()) {
            if (!response.isSuccessful()) {
                throw new IllegalStateException("HTTP " + response.code());
            }
            body = JSON.readTree(response.body().byteStream());
        }
        JsonNode image = body.path("image");
        if (image.isArray()) {
            image = image.path(0);
        }
        String uri = image.path("uri").asText();
        byte[] bytes = Base64.getDecoder().decode(uri.substring(uri.indexOf(',') + 1));
        return clock.stop(Checks.largeBytes(bytes));
    }

    @Override
    public Run ndjson(String legacyUrl, String currentUrl) throws Exception {
        Clock clock = Clock.start();
        long lines = 0;
        try (Response response = http.newCall(post(
                        legacyUrl + "api/workflows/" + HeavyWorkloads.STREAM + "/run?stream=true", "{\"params\":{}}"))
                .execute()) {
            BufferedSource source = response.body().source();
            for (String line = source.readUtf8Line(); line != null; line = source.readUtf8Line()) {
                if (!line.isEmpty() && JSON.readTree(line).has("type")) {
                    lines++;
                }
            }
        }
        return clock.stop(Checks.atLeast(lines, HeavyWorkloads.STREAM_LINES, "lines"));
    }

    @Override
    public Run sse(String legacyUrl, String currentUrl) throws Exception {
        Clock clock = Clock.start();
        long events = 0;
        try (Response response = http.newCall(
                        post(legacyUrl + "workflows/" + HeavyWorkloads.STREAM + "/run/stream", "{\"params\":{}}"))
                .execute()) {
            BufferedSource source = response.body().source();
            for (String line = source.readUtf8Line(); line != null; line = source.readUtf8Line()) {
                // the worker ends with "data: [DONE]" (protocol-notes §5.4)
                if (line.startsWith("data:")
                        && line.substring(5).trim().startsWith("{")
                        && JSON.readTree(line.substring(5)).isObject()) {
                    events++;
                }
            }
        }
        return clock.stop(Checks.atLeast(events, HeavyWorkloads.STREAM_LINES, "events"));
    }

    @Override
    public Run coldRun(String legacyUrl, String currentUrl) throws Exception {
        Clock clock = Clock.start();
        try (Response response = http.newCall(
                        post(legacyUrl + "api/workflows/greeting/run", "{\"params\":{\"name\":\"Ada\"}}"))
                .execute()) {
            Checks.equal(
                    JSON.readTree(response.body().byteStream()).path("greeting").asText(), "Hello, Ada!");
        }
        return clock.stop(1);
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    private static Request post(String url, String json) {
        return new Request.Builder()
                .url(url)
                .post(RequestBody.create(json.getBytes(StandardCharsets.UTF_8), JSON_TYPE))
                .build();
    }

    private static Map<String, Object> runJob(String jobId, String workflowId, Map<String, ?> params) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("type", "run_job_request");
        data.put("job_id", jobId);
        data.put("workflow_id", workflowId);
        data.put("params", params);
        data.put("require_terminal_result", true);
        data.put("concurrent", true);
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("command", "run_job");
        command.put("data", data);
        return command;
    }

    private static void checkCompleted(JsonNode terminal) {
        if (!"completed".equals(terminal.path("status").asText())) {
            throw new IllegalStateException(
                    "the job ended " + terminal.path("status").asText() + ": "
                            + terminal.path("error").asText());
        }
    }

    /** One WebSocket that hands every decoded frame (binary: MessagePack, text: JSON) to a consumer. */
    private static final class Socket extends WebSocketListener {
        private final Consumer<JsonNode> frames;
        private final CompletableFuture<Void> open = new CompletableFuture<>();
        private final CompletableFuture<Object> broken = new CompletableFuture<>();
        private volatile Throwable failure;
        private WebSocket webSocket;

        private Socket(Consumer<JsonNode> frames) {
            this.frames = frames;
        }

        static Socket open(OkHttpClient http, String url, Consumer<JsonNode> frames) throws Exception {
            Socket socket = new Socket(frames);
            socket.webSocket = http.newWebSocket(new Request.Builder().url(url).build(), socket);
            socket.open.get(30, TimeUnit.SECONDS);
            return socket;
        }

        void send(Map<String, ?> command) throws IOException {
            if (failure != null) {
                throw new IOException("the socket failed", failure);
            }
            if (!webSocket.send(ByteString.of(HandWrittenFrames.write(command)))) {
                throw new IOException("the socket is closed or its send queue is full");
            }
        }

        void close() {
            webSocket.close(1000, null);
        }

        /** Waits for {@code result}, or fails as soon as the socket does. */
        <T> T await(CompletableFuture<T> result) throws Exception {
            CompletableFuture.anyOf(result, broken).get(5, TimeUnit.MINUTES);
            return result.get();
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            open.complete(null);
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            broken.completeExceptionally(new IOException("the server closed the socket: " + code + " " + reason));
        }

        @Override
        public void onMessage(WebSocket webSocket, ByteString bytes) {
            try {
                // read the frame where OkHttp holds it, without another copy
                frames.accept(HandWrittenFrames.read(bytes));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            try {
                frames.accept(JSON.readTree(text));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            failure = t;
            open.completeExceptionally(t);
            broken.completeExceptionally(t);
        }
    }
}
