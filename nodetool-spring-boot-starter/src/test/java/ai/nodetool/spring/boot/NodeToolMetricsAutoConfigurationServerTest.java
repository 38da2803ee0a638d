package ai.nodetool.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.events.NodeToolEventListener;
import ai.nodetool.client.micrometer.NodeToolMetrics;
import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.BothGenerations;
import ai.nodetool.testserver.junit.OneGeneration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The Micrometer binding in a real Spring context against the test server: with a {@link MeterRegistry} bean the
 * auto-configured client's calls and runs become meters; without one, with the binding switched off, or without
 * nodetool-client-micrometer, the client has no listener; an application's customizer can replace it.
 */
class NodeToolMetricsAutoConfigurationServerTest {
    private static ApplicationContextRunner runner(NodeToolTestServer server) {
        return new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(NodeToolAutoConfiguration.class, NodeToolMetricsAutoConfiguration.class))
                .withPropertyValues("nodetool.base-url=" + server.baseUrl());
    }

    @BothGenerations
    void callsAndRunsBecomeMeters(NodeToolTestServer server) {
        runner(server).withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            NodeToolClient client = context.getBean(NodeToolClient.class);
            assertThat(client.options().eventListener()).isInstanceOf(NodeToolMetrics.class);
            client.workflows().run(DemoWorkflowIds.GREETING, Map.of("name", "Ada"));

            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("nodetool.client.runs").timer().count()).isEqualTo(1);
            assertThat(registry.get("nodetool.client.calls").timers())
                    .isNotEmpty()
                    .allSatisfy(t -> assertThat(t.count()).isPositive());
        });
    }

    @OneGeneration(Generation.CURRENT)
    void noRegistryNoSwitchOrNoMicrometerModuleMeansNoListener(NodeToolTestServer server) {
        runner(server)
                .run(context -> assertThat(
                                context.getBean(NodeToolClient.class).options().eventListener())
                        .isSameAs(NodeToolEventListener.NONE));
        runner(server)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("nodetool.metrics.enabled=false")
                .run(context -> {
                    context.getBean(NodeToolClient.class)
                            .workflows()
                            .run(DemoWorkflowIds.GREETING, Map.of("name", "Ada"));
                    assertThat(context.getBean(MeterRegistry.class)
                                    .find("nodetool.client.runs")
                                    .timers())
                            .isEmpty();
                });
        runner(server)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withClassLoader(new FilteredClassLoader(NodeToolMetrics.class))
                .run(context -> assertThat(context).doesNotHaveBean("nodeToolMetricsCustomizer"));
    }

    @OneGeneration(Generation.LEGACY)
    void theApplicationsCustomizerRunsAfterTheBinding(NodeToolTestServer server) {
        NodeToolEventListener own = new NodeToolEventListener() {};
        runner(server)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean(NodeToolClientCustomizer.class, () -> builder -> builder.eventListener(own))
                .run(context -> assertThat(
                                context.getBean(NodeToolClient.class).options().eventListener())
                        .isSameAs(own));
    }
}
