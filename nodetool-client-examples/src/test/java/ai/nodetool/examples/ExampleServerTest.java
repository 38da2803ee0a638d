package ai.nodetool.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.testserver.NodeToolTestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExampleServerTest {
    @Test
    void startsTheEmbeddedServerWhenNoUrlIsSet() {
        try (ExampleServer server = ExampleServer.start(name -> null)) {
            assertThat(server.isEmbedded()).isTrue();
            assertThat(server.client().baseUrl())
                    .startsWith(server.testServer().orElseThrow().baseUrl());
            assertThat(server.client().hasToken()).isFalse();
            assertThat(server.describe()).contains("embedded NodeTool test server");
            assertThat(server.client().workflows().get("greeting").name()).isEqualTo("Greeting");
        }
    }

    @Test
    void usesTheServerNamedByNodetoolApiUrlWithItsToken() {
        try (NodeToolTestServer real =
                NodeToolTestServer.builder().token("s3cret").start()) {
            Map<String, String> env = Map.of("NODETOOL_API_URL", real.baseUrl(), "NODETOOL_API_TOKEN", "s3cret");
            try (ExampleServer server = ExampleServer.start(env::get)) {
                assertThat(server.isEmbedded()).isFalse();
                assertThat(server.testServer()).isEmpty();
                assertThat(server.client().hasToken()).isTrue();
                assertThat(server.describe()).contains(real.baseUrl()).doesNotContain("s3cret");
                // the token is sent: the server requires it
                assertThat(server.client().workflows().get("sum").id()).isEqualTo("sum");
            }
        }
    }
}
