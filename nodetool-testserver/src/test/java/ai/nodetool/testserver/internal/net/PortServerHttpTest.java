package ai.nodetool.testserver.internal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PortServerHttpTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private final AtomicReference<RequestHandler> handler = new AtomicReference<>();
    private PortServer server;

    private int start(RequestHandler h) {
        handler.set(h);
        server = new PortServer(
                InetAddress.getLoopbackAddress(), 0, ex -> handler.get().handle(ex), "http-test");
        server.start();
        return server.port();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void getSeesDecodedPathQueryInOrderAndHeaders() throws Exception {
        AtomicReference<RequestExchange> seen = new AtomicReference<>();
        start(ex -> {
            seen.set(ex);
            ex.respond(
                    200,
                    Map.of("Content-Type", "text/plain", "X-Reply", "yes"),
                    "hello".getBytes(StandardCharsets.UTF_8));
        });

        HttpResponse<String> response =
                send(HttpRequest.newBuilder(uri("/api/a%20b/caf%C3%A9+x?z=1&a=two+words&z=%26and&flag"))
                        .header("X-Custom", "Value")
                        .timeout(Duration.ofSeconds(10))
                        .build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello");
        assertThat(response.headers().firstValue("x-reply")).hasValue("yes");
        assertThat(response.headers().firstValue("content-length")).hasValue("5");
        RequestExchange ex = seen.get();
        assertThat(ex.method()).isEqualTo("GET");
        assertThat(ex.path()).isEqualTo("/api/a b/café+x");
        assertThat(ex.rawQuery()).isEqualTo("z=1&a=two+words&z=%26and&flag");
        assertThat(ex.queryParams().keySet()).containsExactly("z", "a", "flag");
        assertThat(ex.queryParams().get("z")).containsExactly("1", "&and");
        assertThat(ex.query("a")).isEqualTo("two words");
        assertThat(ex.query("flag")).isEmpty();
        assertThat(ex.query("missing")).isNull();
        assertThat(ex.header("x-custom")).isEqualTo("Value");
        assertThat(ex.header("X-CUSTOM")).isEqualTo("Value");
        assertThat(ex.headers()).containsKey("x-custom");
        assertThat(ex.body()).isEmpty();
    }

    @Test
    void postBodyRoundTrip() throws Exception {
        start(ex -> ex.respond(201, Map.of("Content-Type", "application/json"), ex.body()));

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/echo"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"x\":\"ü\"}"))
                .build());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).isEqualTo("{\"x\":\"ü\"}");
    }

    @Test
    void chunkedRequestBodyFromHttpClientIsReassembled() throws Exception {
        start(ex -> ex.respond(200, Map.of("X-Transfer", String.valueOf(ex.header("transfer-encoding"))), ex.body()));
        byte[] payload = new byte[300_000];
        new Random(7).nextBytes(payload);

        // An InputStream publisher has no known length, so the JDK client sends it chunked.
        HttpResponse<byte[]> response = CLIENT.send(
                HttpRequest.newBuilder(uri("/upload"))
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(payload)))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.headers().firstValue("x-transfer")).hasValue("chunked");
        assertThat(response.body()).isEqualTo(payload);
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnectionUntilConnectionClose() throws Exception {
        start(ex -> ex.respond(
                200,
                Map.of(),
                (ex.method() + " " + ex.path() + " " + new String(ex.body(), StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8)));

        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /one HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response first = client.readResponse();
            // Chunked with an extension and a trailer, on the same connection.
            client.send("POST /two HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n");
            RawClient.Response second = client.readResponse();
            client.send("GET /three HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            RawClient.Response third = client.readResponse();

            assertThat(first.bodyText()).isEqualTo("GET /one ");
            assertThat(first.headers()).doesNotContainKey("connection");
            assertThat(second.bodyText()).isEqualTo("POST /two hello world");
            assertThat(third.bodyText()).isEqualTo("GET /three ");
            assertThat(third.headers()).containsEntry("connection", "close");
            assertThat(client.serverClosed()).isTrue();
        }
    }

    @Test
    void expectContinueIsAnsweredBeforeTheBodyIsSent() throws Exception {
        start(ex -> ex.respond(200, Map.of(), ex.body()));

        try (RawClient client = new RawClient(server.port())) {
            client.send("PUT /x HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
            RawClient.Response interim = client.readHead();
            client.send("data");
            RawClient.Response response = client.readResponse();

            assertThat(interim.status()).isEqualTo(100);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo("data");
        }
    }

    @Test
    void streamedResponseIsReadLineByLineWhileBeingProduced() throws Exception {
        CountDownLatch firstLineRead = new CountDownLatch(1);
        start(ex -> {
            try (OutputStream out = ex.stream(200, Map.of("Content-Type", "application/x-ndjson"))) {
                out.write("{\"n\":1}\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                // The second line only exists after the client proved it received the first.
                if (!firstLineRead.await(10, TimeUnit.SECONDS)) {
                    throw new IOException("client never read the first line");
                }
                out.write("{\"n\":2}\n".getBytes(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        });

        HttpResponse<Stream<String>> response =
                CLIENT.send(HttpRequest.newBuilder(uri("/stream")).build(), HttpResponse.BodyHandlers.ofLines());
        Iterator<String> lines = response.body().iterator();

        assertThat(response.headers().firstValue("transfer-encoding")).hasValue("chunked");
        assertThat(lines.next()).isEqualTo("{\"n\":1}");
        firstLineRead.countDown();
        assertThat(lines.next()).isEqualTo("{\"n\":2}");
        assertThat(lines.hasNext()).isFalse();
    }

    @Test
    void streamEndedByCloseLetsTheConnectionServeTheNextRequest() throws Exception {
        start(ex -> {
            if (ex.path().equals("/stream")) {
                OutputStream out = ex.stream(200, Map.of());
                out.write("a\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                out.write("b\n".getBytes(StandardCharsets.UTF_8));
                out.close();
            } else {
                ex.respond(204, Map.of(), null);
            }
        });

        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response streamed = client.readResponse();
            client.send("GET /next HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response next = client.readResponse();

            assertThat(streamed.bodyText()).isEqualTo("a\nb\n");
            assertThat(streamed.chunkSizes()).containsExactly(2, 2);
            assertThat(next.status()).isEqualTo(204);
            assertThat(next.reason()).isEqualTo("No Content");
        }
    }

    @Test
    void manySmallWritesAreBufferedIntoFewLargeChunks() throws Exception {
        int lines = 200_000;
        start(ex -> {
            try (OutputStream out = ex.stream(200, Map.of())) {
                for (int i = 0; i < lines; i++) {
                    out.write(("line " + i + "\n").getBytes(StandardCharsets.US_ASCII));
                }
            }
        });

        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response response = client.readResponse();

            String[] received = response.bodyText().split("\n");
            assertThat(received).hasSize(lines);
            assertThat(received[0]).isEqualTo("line 0");
            assertThat(received[lines - 1]).isEqualTo("line " + (lines - 1));
            int total = response.body().length;
            assertThat(response.chunkSizes())
                    .allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(64 * 1024));
            assertThat(response.chunkSizes()).hasSizeLessThanOrEqualTo(total / (64 * 1024) + 1);
        }
    }

    @Test
    void abortMidStreamIsAnErrorForTheClient() throws Exception {
        CountDownLatch firstLineRead = new CountDownLatch(1);
        CompletableFuture<Throwable> writeAfterAbort = new CompletableFuture<>();
        start(ex -> {
            OutputStream out = ex.stream(200, Map.of());
            out.write("partial\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                firstLineRead.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.abort();
            try {
                out.write('x');
                writeAfterAbort.complete(null);
            } catch (IOException e) {
                writeAfterAbort.complete(e);
            }
        });

        HttpResponse<Stream<String>> response =
                CLIENT.send(HttpRequest.newBuilder(uri("/stream")).build(), HttpResponse.BodyHandlers.ofLines());
        Iterator<String> lines = response.body().iterator();

        assertThat(lines.next()).isEqualTo("partial");
        firstLineRead.countDown();
        assertThatThrownBy(lines::hasNext).isInstanceOf(UncheckedIOException.class);
        assertThat(writeAfterAbort.get(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
    }

    @Test
    void cutDeliversEverythingWrittenThenEndsTheChunkedBodyUnfinished() throws Exception {
        int lines = 2_000;
        String pad = "x".repeat(1_000);
        CompletableFuture<Throwable> writeAfterCut = new CompletableFuture<>();
        start(ex -> {
            OutputStream out = ex.stream(200, Map.of());
            // Written as fast as possible so that much of it is still in flight when the cut comes.
            for (int i = 0; i < lines; i++) {
                out.write(("line " + i + " " + pad + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            ex.cut();
            ex.cut(); // idempotent
            try {
                out.write('x');
                writeAfterCut.complete(null);
            } catch (IOException e) {
                writeAfterCut.complete(e);
            }
        });

        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(client.readHead().headers()).containsEntry("transfer-encoding", "chunked");
            StringBuilder body = new StringBuilder();
            // Every chunk arrives intact; where the next chunk size (or the final 0 chunk) should be, the connection
            // ends.
            assertThatThrownBy(() -> {
                        while (true) {
                            int size = Integer.parseInt(client.readLine(), 16);
                            assertThat(size).as("no terminating chunk").isPositive();
                            body.append(new String(client.readExactly(size), StandardCharsets.UTF_8));
                            assertThat(client.readLine()).isEmpty();
                        }
                    })
                    .isInstanceOf(java.io.EOFException.class);
            String[] received = body.toString().split("\n");
            assertThat(received).hasSize(lines);
            assertThat(received[lines - 1]).startsWith("line " + (lines - 1) + " ");
        }
        assertThat(writeAfterCut.get(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
    }

    @Test
    void writingToAClientThatWentAwayFailsWithIOException() throws Exception {
        CountDownLatch clientGone = new CountDownLatch(1);
        CompletableFuture<Throwable> handlerSaw = new CompletableFuture<>();
        start(ex -> {
            OutputStream out = ex.stream(200, Map.of());
            out.write("first\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                clientGone.await(10, TimeUnit.SECONDS);
                // The first write after the peer closed may still be accepted locally; the peer's
                // reset fails a later one.
                for (int i = 0; i < 10_000; i++) {
                    out.write(("more " + i + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                handlerSaw.complete(null);
            } catch (IOException e) {
                handlerSaw.complete(e);
                throw e;
            } catch (InterruptedException e) {
                handlerSaw.complete(e);
            }
        });

        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
            client.readHead();
            client.readLine(); // chunk size of "first\n"
        }
        clientGone.countDown();

        assertThat(handlerSaw.get(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
    }

    @Test
    void garbageRequestLineGets400AndTheConnectionIsClosed() throws Exception {
        start(ex -> ex.respond(200, Map.of(), null));

        try (RawClient client = new RawClient(server.port())) {
            client.send("THIS IS NOT HTTP\r\n\r\n");
            RawClient.Response response = client.readResponse();

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.reason()).isEqualTo("Bad Request");
            assertThat(response.headers()).containsEntry("connection", "close");
            assertThat(response.bodyText()).startsWith("{\"detail\":");
            assertThat(client.serverClosed()).isTrue();
        }
    }

    @Test
    void malformedHeaderGets400() throws Exception {
        start(ex -> ex.respond(200, Map.of(), null));

        try (RawClient client = new RawClient(server.port())) {
            client.send("GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n");

            assertThat(client.readResponse().status()).isEqualTo(400);
            assertThat(client.serverClosed()).isTrue();
        }
    }

    @Test
    void oversizedHeadGets431() throws Exception {
        start(ex -> ex.respond(200, Map.of(), null));

        try (RawClient client = new RawClient(server.port())) {
            client.send("GET / HTTP/1.1\r\nX-Big: " + "a".repeat(70 * 1024) + "\r\n\r\n");

            assertThat(client.readResponse().status()).isEqualTo(431);
        }
    }

    @Test
    void oversizedBodyGets413WithoutReadingIt() throws Exception {
        start(ex -> ex.respond(200, Map.of(), null));
        server.maxRequestBodyBytes(1000);

        try (RawClient client = new RawClient(server.port())) {
            client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1001\r\n\r\n");
            assertThat(client.readResponse().status()).isEqualTo(413);
        }
        try (RawClient client = new RawClient(server.port())) {
            client.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + "3e8\r\n"
                    + "x".repeat(1000) + "\r\n1\r\ny\r\n0\r\n\r\n");
            assertThat(client.readResponse().status()).isEqualTo(413);
        }
    }

    @Test
    void defaultBodyLimitIs100MegabytesAnswered413BeforeTheBodyArrives() throws Exception {
        start(ex -> ex.respond(200, Map.of(), null));

        try (RawClient client = new RawClient(server.port())) {
            client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 104857601\r\nExpect: 100-continue\r\n\r\n");
            assertThat(client.readResponse().status()).isEqualTo(413);
        }
    }

    @Test
    void handlerExceptionBeforeRespondingGives500WithJsonDetail() throws Exception {
        start(ex -> {
            throw new IllegalStateException("boom \"quoted\"\n");
        });

        HttpResponse<String> response =
                send(HttpRequest.newBuilder(uri("/fail")).build());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("{\"detail\":\"boom \\\"quoted\\\"\\n\"}");
    }

    @Test
    void handlerExceptionWhileStreamingDropsTheConnection() throws Exception {
        start(ex -> {
            OutputStream out = ex.stream(200, Map.of());
            out.write("half\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            throw new IllegalStateException("engine broke");
        });

        try (RawClient client = new RawClient(server.port())) {
            client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            client.readHead();
            assertThat(client.readLine()).isEqualTo("5");
            assertThat(client.readLine()).isEqualTo("half");
            assertThat(client.readLine()).isEmpty(); // CRLF ending the chunk
            // No terminating chunk: the connection ends instead.
            assertThat(client.serverClosed()).isTrue();
        }
    }

    @Test
    void handlerThatNeverRespondsGives500() throws Exception {
        start(ex -> {});

        HttpResponse<String> response =
                send(HttpRequest.newBuilder(uri("/silent")).build());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("did not respond");
    }

    @Test
    void secondResponseIsRejected() throws Exception {
        CompletableFuture<Throwable> second = new CompletableFuture<>();
        start(ex -> {
            ex.respond(200, Map.of(), null);
            try {
                ex.respond(200, Map.of(), null);
                second.complete(null);
            } catch (IllegalStateException e) {
                second.complete(e);
            }
        });

        assertThat(send(HttpRequest.newBuilder(uri("/")).build()).statusCode()).isEqualTo(200);
        assertThat(second.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void unknownStatusGetsEmptyReasonAndKnownOnesTheirPhrase() throws Exception {
        start(ex -> ex.respond(Integer.parseInt(ex.query("s")), Map.of("Retry-After", "1"), null));

        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /?s=429 HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response tooMany = client.readResponse();
            client.send("GET /?s=599 HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response custom = client.readResponse();

            assertThat(tooMany.reason()).isEqualTo("Too Many Requests");
            assertThat(tooMany.headers()).containsEntry("retry-after", "1").containsEntry("content-length", "0");
            assertThat(custom.status()).isEqualTo(599);
            assertThat(custom.reason()).isEmpty();
        }
    }

    @Test
    void headResponsesCarryNoBodyAndKeepTheConnectionUsable() throws Exception {
        start(ex -> {
            if (ex.path().equals("/streamed")) {
                ex.stream(200, Map.of()).write("ignored".getBytes(StandardCharsets.UTF_8));
            } else {
                ex.respond(200, Map.of(), "four".getBytes(StandardCharsets.UTF_8));
            }
        });

        try (RawClient client = new RawClient(server.port())) {
            client.send("HEAD /plain HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response plain = client.readHead();
            client.send("HEAD /streamed HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response streamed = client.readHead();
            client.send("GET /plain HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response get = client.readResponse();

            assertThat(plain.headers()).containsEntry("content-length", "4");
            assertThat(streamed.headers()).containsEntry("transfer-encoding", "chunked");
            assertThat(get.bodyText()).isEqualTo("four");
        }
    }

    @Test
    void headersAreCaseInsensitiveAndRepeatedOnesKept() throws Exception {
        AtomicReference<RequestExchange> seen = new AtomicReference<>();
        start(ex -> {
            seen.set(ex);
            ex.respond(200, Map.of(), null);
        });

        try (RawClient client = new RawClient(server.port())) {
            client.send("GET / HTTP/1.1\r\nHOST: x\r\nX-Multi: 1\r\nx-multi: 2\r\n\r\n");
            client.readResponse();
        }

        assertThat(seen.get().header("Host")).isEqualTo("x");
        assertThat(seen.get().headers().get("x-multi")).isEqualTo(List.of("1", "2"));
    }
}
