package ai.nodetool.testserver;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.testserver.junit.NodeToolTestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

class NodeToolTestServerExtensionTest {

    @ExtendWith(NodeToolTestServerExtension.class)
    @NodeToolTestServerExtension.Config(generation = Generation.CURRENT, token = "t")
    @org.junit.jupiter.api.Nested
    class Declarative {
        @Test
        void injectsAConfiguredServer(NodeToolTestServer server) {
            assertThat(server.generation()).isEqualTo(Generation.CURRENT);
            assertThat(server.webSocketUrl()).endsWith("/ws");
        }
    }

    @org.junit.jupiter.api.Nested
    class Programmatic {
        @RegisterExtension
        static final NodeToolTestServerExtension extension =
                new NodeToolTestServerExtension(b -> b.demoWorkflows(false));

        @Test
        void exposesTheServer(NodeToolTestServer server) {
            assertThat(extension.server()).isSameAs(server);
            assertThat(server.requests()).isEmpty();
        }
    }
}
