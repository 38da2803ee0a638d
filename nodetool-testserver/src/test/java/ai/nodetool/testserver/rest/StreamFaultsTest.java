package ai.nodetool.testserver.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.testserver.NodeToolTestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every stream fault of {@link ai.nodetool.testserver.Faults}, as a client sees it on the wire, for NDJSON and SSE. */
class StreamFaultsTest {
    /** The two Gen A streams; both run the greeting demo. */
    enum Transport {
        NDJSON(
                "/api/workflows/greeting/run?stream=true",
                "{\"params\":{}}",
                "\n",
                "{\"type\": \"job_update\", \"status\": "),
        SSE("/workflows/greeting/run/stream", "{}", "\n\n", "data: {not json");

        final String path;
        final String body;
        final String separator;
        final String malformed;

        Transport(String path, String body, String separator, String malformed) {
            this.path = path;
            this.body = body;
            this.separator = separator;
            this.malformed = malformed;
        }

        /** The JSON of one item: an NDJSON line, or an SSE event's data. */
        String json(String item) {
            return this == SSE ? item.substring("data: ".length()) : item;
        }
    }

    /** Reads items (lines or events) from a live response one at a time. */
    private static final class Items implements AutoCloseable {
        private final BufferedReader reader;
        private final Transport transport;

        Items(InputStream in, Transport transport) {
            this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            this.transport = transport;
        }

        /** The next item, or null at a clean end of the body. */
        String next() throws IOException {
            String line = reader.readLine();
            if (line == null || transport == Transport.NDJSON) {
                return line;
            }
            String blank = reader.readLine();
            if (blank == null) {
                throw new IOException("event not terminated by a blank line: " + line);
            }
            assertThat(blank).isEmpty();
            return line;
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    private static Items open(Http http, Transport transport) throws Exception {
        HttpRequest request = http.request(transport.path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(transport.body))
                .build();
        HttpResponse<InputStream> response = http.client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        return new Items(response.body(), transport);
    }

    /** The items of a stream that must end in an IOException (from send() or from reading), in order. */
    private static List<String> readUntilError(Http http, Transport transport) {
        List<String> received = new ArrayList<>();
        assertThatThrownBy(() -> {
                    try (Items items = open(http, transport)) {
                        for (String item = items.next(); item != null; item = items.next()) {
                            received.add(item);
                        }
                    }
                })
                .isInstanceOf(IOException.class);
        return received;
    }

    private static List<String> all(Http http, Transport transport) {
        String body = http.post(transport.path, transport.body).body();
        List<String> items = new ArrayList<>(List.of(body.split(transport.separator)));
        return items;
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void dropCutsTheConnectionAfterNMessages(Transport transport) throws Exception {
        try (NodeToolTestServer server = NodeToolTestServer.start()) {
            Http http = new Http(server);
            server.faults().dropStreamAfter(2);
            // The JDK client reports the unfinished body as an IOException as soon as it sees the end,
            // dropping what it buffered (even from send()), so only an upper bound is observable here;
            // PortServerHttpTest shows on the raw socket that every byte written before the cut arrives.
            List<String> received = readUntilError(http, transport);
            assertThat(received.size()).isLessThanOrEqualTo(2);
            // The fault was for one stream only.
            assertThat(all(http, transport).get(0)).contains("job_update");
            assertThat(all(http, transport)).hasSizeGreaterThan(3);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void stallSendsNothingWhileStalled(Transport transport) throws Exception {
        NodeToolTestServer server = NodeToolTestServer.start();
        try {
            Http http = new Http(server);
            server.faults().stallStreamAfter(2, Duration.ofMinutes(1));
            Items items = open(http, transport);
            assertThat(items.next()).contains("\"running\"");
            assertThat(items.next()).isNotNull();
            CompletableFuture<String> third = CompletableFuture.supplyAsync(() -> {
                try {
                    return items.next();
                } catch (IOException e) {
                    return "closed: " + e;
                }
            });
            // Absence can only be observed for a while; the stall lasts far longer than this wait.
            assertThatThrownBy(() -> third.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            server.close(); // interrupts the stall
            String after = third.get(10, TimeUnit.SECONDS);
            assertThat(after == null || after.startsWith("closed"))
                    .as(String.valueOf(after))
                    .isTrue();
        } finally {
            server.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void shortStallLosesNothing(Transport transport) {
        try (NodeToolTestServer server = NodeToolTestServer.start()) {
            Http http = new Http(server);
            List<String> clean = all(http, transport);
            server.faults().stallStreamAfter(2, Duration.ofMillis(100));
            assertThat(normalise(all(http, transport))).isEqualTo(normalise(clean));
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void malformedItemIsInsertedAfterNMessages(Transport transport) throws Exception {
        try (NodeToolTestServer server = NodeToolTestServer.start()) {
            Http http = new Http(server);
            List<String> clean = all(http, transport);
            server.faults().malformedAfter(2);
            List<String> items = all(http, transport);
            assertThat(items).hasSize(clean.size() + 1);
            assertThat(items.get(2)).isEqualTo(transport.malformed);
            assertThatThrownBy(() -> Http.JSON.readTree(transport.json(items.get(2))))
                    .isInstanceOf(IOException.class);
            items.remove(2);
            assertThat(normalise(items)).isEqualTo(normalise(clean));
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void oversizeItemIsOneValidMessageOfTheGivenSize(Transport transport) throws Exception {
        try (NodeToolTestServer server = NodeToolTestServer.start()) {
            Http http = new Http(server);
            List<String> clean = all(http, transport);
            server.faults().oversizeAfter(1, 100_000);
            List<String> items = all(http, transport);
            assertThat(items).hasSize(clean.size() + 1);
            String json = transport.json(items.get(1));
            assertThat(json.getBytes(StandardCharsets.UTF_8)).hasSize(100_000);
            JsonNode message = Http.JSON.readTree(json);
            assertThat(message.get("type").asText()).isIn("log_update", "output_update");
            items.remove(1);
            assertThat(normalise(items)).isEqualTo(normalise(clean));
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void faultsCombineOnOneStream(Transport transport) throws Exception {
        try (NodeToolTestServer server = NodeToolTestServer.start()) {
            Http http = new Http(server);
            server.faults().malformedAfter(1).oversizeAfter(1, 5_000).dropStreamAfter(3);
            List<String> received = readUntilError(http, transport);
            // Three messages plus the two injected items (which do not count as messages), at most.
            assertThat(received.size()).isLessThanOrEqualTo(5);
            if (received.size() >= 3) {
                assertThat(received.get(1)).isEqualTo(transport.malformed);
                assertThat(transport.json(received.get(2))).hasSize(5_000);
            }
        }
    }

    private static List<String> normalise(List<String> items) {
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(RunRoutesTest.normalise(i)));
        return out;
    }
}
