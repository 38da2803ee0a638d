package ai.nodetool.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.workflows.Workflow;
import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A whole Spring Boot application ({@code @SpringBootTest}, {@code @EnableAutoConfiguration} with Actuator on the
 * class path): the starter is found through its {@code AutoConfiguration.imports}, the client bean talks to a current
 * test server, its runs reach Actuator's MeterRegistry, and Actuator's health endpoint reports {@code nodetool} UP
 * with its generation, then DOWN once the server stops.
 */
@SpringBootTest(
        classes = NodeToolSpringBootServerTest.App.class,
        properties = {"management.endpoint.health.show-details=always", "nodetool.health.timeout=3s"})
class NodeToolSpringBootServerTest {
    // Started before the context, which reads its URL; the JUnit extensions start servers per test method, too late.
    private static final NodeToolTestServer SERVER =
            NodeToolTestServer.builder().generation(Generation.CURRENT).start();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {}

    @DynamicPropertySource
    static void nodetool(DynamicPropertyRegistry registry) {
        registry.add("nodetool.base-url", SERVER::baseUrl);
    }

    @AfterAll
    static void stop() {
        SERVER.close();
    }

    @Autowired
    private NodeToolClient client;

    @Autowired
    private HealthEndpoint health;

    @Autowired
    private MeterRegistry meters;

    @Test
    void theApplicationsClientWorksAndActuatorReportsTheServer() {
        assertThat(client.workflows().listAll()).extracting(Workflow::id).contains(DemoWorkflowIds.GREETING);
        assertThat(client.workflows()
                        .run(DemoWorkflowIds.GREETING, Map.of("name", "Boot"))
                        .output("greeting", String.class))
                .isEqualTo("Hello, Boot!");
        // Actuator's own MeterRegistry receives the client's meters through the Micrometer binding.
        assertThat(meters.get("nodetool.client.runs").timer().count()).isEqualTo(1);

        IndicatedHealthDescriptor up = (IndicatedHealthDescriptor) health.healthForPath("nodetool");
        assertThat(up.getStatus()).isEqualTo(Status.UP);
        assertThat(up.getDetails()).containsEntry("generation", NodeToolHealthIndicator.CURRENT);

        SERVER.close();
        IndicatedHealthDescriptor down = (IndicatedHealthDescriptor) health.healthForPath("nodetool");
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
    }
}
