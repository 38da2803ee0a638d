package ai.nodetool.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.testserver.NodeToolTestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** Runs the Spring Boot example against a test server and checks what it prints and sends. */
class SpringBootExampleServerTest {
    @Test
    void theApplicationGreetsThroughTheAutoConfiguredClient() {
        try (NodeToolTestServer server = NodeToolTestServer.start()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            NodeToolClient client;
            try (ConfigurableApplicationContext context =
                    SpringBootExample.run(out, Map.of("nodetool.base-url", server.baseUrl()), "Grace")) {
                client = context.getBean(NodeToolClient.class);
            }
            String printed = bytes.toString(StandardCharsets.UTF_8);
            assertThat(printed)
                    .contains("workflow greeting  Greeting")
                    .contains("greeting -> Hello, Grace!")
                    .contains("health: UP")
                    .contains("generation=legacy (Gen A/B)");
            assertThat(server.requests())
                    .anySatisfy(r -> assertThat(r.header("X-Application")).isEqualTo("spring-boot-example"));
            // Closing the context closed the client.
            assertThat(client.toString()).contains(server.baseUrl());
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> client.workflows().list())
                    .isInstanceOf(IllegalStateException.class);
        }
    }
}
