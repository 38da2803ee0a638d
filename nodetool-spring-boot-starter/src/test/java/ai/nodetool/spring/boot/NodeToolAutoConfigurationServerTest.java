package ai.nodetool.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.core.ClientOptions;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.RecordedRequest;
import ai.nodetool.testserver.junit.BothGenerations;
import ai.nodetool.testserver.junit.OneGeneration;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.annotation.Order;

/**
 * The auto-configuration in a real Spring context ({@link ApplicationContextRunner}) against the test server of each
 * generation: the properties bind, the bean runs workflows, customizers apply, the context closes the client, the
 * health indicator reports the generation and goes DOWN with the server, and the application's own client wins.
 */
class NodeToolAutoConfigurationServerTest {
    private static final String LEGACY_GENERATION = "legacy (Gen A/B)";

    private static ApplicationContextRunner runner(NodeToolTestServer server) {
        return new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(NodeToolAutoConfiguration.class, NodeToolHealthAutoConfiguration.class))
                .withPropertyValues("nodetool.base-url=" + server.baseUrl(), "nodetool.health.timeout=3s");
    }

    private static RecordedRequest lastRun(NodeToolTestServer server) {
        return server.requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().startsWith("/api/workflows/greeting/run"))
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    private static Health health(org.springframework.context.ApplicationContext context) {
        return context.getBean("nodetoolHealthIndicator", HealthIndicator.class).health();
    }

    @BothGenerations(token = "s3cret")
    void propertiesBindAndTheClientRunsAWorkflow(NodeToolTestServer server) {
        runner(server)
                .withPropertyValues(
                        "nodetool.api-token=s3cret",
                        "nodetool.connect-timeout=3s",
                        "nodetool.read-timeout=45s",
                        "nodetool.write-timeout=7s",
                        "nodetool.stream-idle-timeout=2m",
                        "nodetool.max-retries=0",
                        "nodetool.headers.X-Team=search")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(NodeToolClient.class);
                    NodeToolClient client = context.getBean(NodeToolClient.class);
                    ClientOptions options = client.options();
                    assertThat(client.baseUrl()).startsWith(server.baseUrl());
                    assertThat(options.connectTimeout()).contains(Duration.ofSeconds(3));
                    assertThat(options.readTimeout()).contains(Duration.ofSeconds(45));
                    assertThat(options.writeTimeout()).contains(Duration.ofSeconds(7));
                    assertThat(options.streamIdleTimeout()).isEqualTo(Duration.ofMinutes(2));
                    assertThat(client.maxRetries()).isZero();
                    assertThat(options.headers()).containsEntry("X-Team", "search");

                    // The server requires the token: the run succeeds only if the property reached the client.
                    RunResult result = client.workflows().run(DemoWorkflowIds.GREETING, Map.of("name", "Ada"));
                    assertThat(result.output("greeting", String.class)).isEqualTo("Hello, Ada!");
                    RecordedRequest run = lastRun(server);
                    assertThat(run.header("Authorization")).isEqualTo("Bearer s3cret");
                    assertThat(run.header("X-Team")).isEqualTo("search");
                });
    }

    @BothGenerations(token = "s3cret")
    void withoutTheTokenPropertyTheServerRefusesTheClient(NodeToolTestServer server) {
        runner(server).withPropertyValues("nodetool.api-token=wrong").run(context -> {
            NodeToolClient client = context.getBean(NodeToolClient.class);
            assertThatThrownBy(() -> client.workflows().run(DemoWorkflowIds.GREETING, Map.of("name", "Ada")))
                    .hasMessageContaining("401");
        });
    }

    @OneGeneration(Generation.CURRENT)
    void customizersRunInOrderAfterTheProperties(NodeToolTestServer server) {
        runner(server)
                .withPropertyValues("nodetool.max-retries=1", "nodetool.headers.X-Step=property")
                .withBean("second", NodeToolClientCustomizer.class, Second::new)
                .withBean("first", NodeToolClientCustomizer.class, First::new)
                .run(context -> {
                    NodeToolClient client = context.getBean(NodeToolClient.class);
                    assertThat(client.maxRetries()).isEqualTo(3);
                    client.workflows().run(DemoWorkflowIds.GREETING, Map.of("name", "Ada"));
                    assertThat(lastRun(server).header("X-Step")).isEqualTo("second");
                });
    }

    @Order(1)
    static final class First implements NodeToolClientCustomizer {
        @Override
        public void customize(NodeToolClient.Builder builder) {
            builder.maxRetries(3).header("X-Step", "first");
        }
    }

    @Order(2)
    static final class Second implements NodeToolClientCustomizer {
        @Override
        public void customize(NodeToolClient.Builder builder) {
            builder.header("X-Step", "second");
        }
    }

    @OneGeneration(Generation.LEGACY)
    void theContextClosesTheClient(NodeToolTestServer server) {
        AtomicReference<NodeToolClient> seen = new AtomicReference<>();
        runner(server).run(context -> {
            NodeToolClient client = context.getBean(NodeToolClient.class);
            client.workflows().list();
            seen.set(client);
        });
        assertThatThrownBy(() -> seen.get().workflows().list())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @BothGenerations
    void healthIsUpWithTheGenerationAndDownOnceTheServerStops(NodeToolTestServer server, Generation generation) {
        runner(server).run(context -> {
            Health up = health(context);
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails())
                    .containsEntry(
                            "baseUrl", context.getBean(NodeToolClient.class).baseUrl());
            if (generation == Generation.CURRENT) {
                assertThat(up.getDetails())
                        .containsEntry("generation", NodeToolHealthIndicator.CURRENT)
                        .containsKeys("nodetoolVersion", "protocolVersion");
            } else {
                assertThat(up.getDetails()).containsEntry("generation", LEGACY_GENERATION);
            }

            server.close();
            Health down = health(context);
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.getDetails()).containsKey("error");
        });
    }

    @OneGeneration(Generation.CURRENT)
    void healthIsDownWhileTheServerAnswersItsHealthRouteWithAnError(NodeToolTestServer server) {
        runner(server).withPropertyValues("nodetool.max-retries=0").run(context -> {
            server.faults().failNext("GET", "/health", 1, 503);
            Health down = health(context);
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.getDetails()).containsEntry("health", "503 /health");
            assertThat(health(context).getStatus()).isEqualTo(Status.UP);
        });
    }

    @OneGeneration(Generation.LEGACY)
    void theApplicationsOwnClientWins(NodeToolTestServer server) {
        NodeToolClient own = NodeToolClient.builder()
                .baseUrl(server.baseUrl())
                .header("X-Own", "yes")
                .build();
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(NodeToolAutoConfiguration.class, NodeToolHealthAutoConfiguration.class))
                // Would point the auto-configured client nowhere; it must not be built.
                .withPropertyValues("nodetool.base-url=http://127.0.0.1:1")
                .withBean(NodeToolClient.class, () -> own)
                .withBean(NodeToolClientCustomizer.class, () -> builder -> builder.header("X-Own", "customized"))
                .run(context -> {
                    assertThat(context).hasSingleBean(NodeToolClient.class);
                    assertThat(context.getBean(NodeToolClient.class)).isSameAs(own);
                    own.workflows().run(DemoWorkflowIds.GREETING, Map.of("name", "Ada"));
                    assertThat(lastRun(server).header("X-Own")).isEqualTo("yes");
                    // The health indicator watches the application's client.
                    assertThat(health(context).getStatus()).isEqualTo(Status.UP);
                    assertThat(health(context).getDetails()).containsEntry("baseUrl", own.baseUrl());
                });
    }

    @OneGeneration(Generation.LEGACY)
    void theHealthIndicatorCanBeSwitchedOffAndNeedsActuator(NodeToolTestServer server) {
        runner(server)
                .withPropertyValues("management.health.nodetool.enabled=false")
                .run(context -> assertThat(context)
                        .hasSingleBean(NodeToolClient.class)
                        .doesNotHaveBean("nodetoolHealthIndicator"));
        runner(server)
                .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context)
                        .hasSingleBean(NodeToolClient.class)
                        .doesNotHaveBean("nodetoolHealthIndicator"));
    }
}
