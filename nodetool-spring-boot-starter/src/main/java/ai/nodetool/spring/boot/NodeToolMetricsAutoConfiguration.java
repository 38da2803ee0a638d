package ai.nodetool.spring.boot;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.micrometer.NodeToolMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Records the auto-configured client's calls, runs, messages and sessions as Micrometer meters (and Observations, when
 * the application has an {@link ObservationRegistry}) through {@code nodetool-client-micrometer}'s
 * {@link NodeToolMetrics}. Present when {@code micrometer-core} and {@code nodetool-client-micrometer} are both on the
 * class path; it does nothing while the application has no single {@link MeterRegistry} bean; switched off with
 * {@code nodetool.metrics.enabled=false}. It is a {@link NodeToolClientCustomizer} that runs first, so the
 * application's own customizers can replace the listener.
 */
@AutoConfiguration(before = NodeToolAutoConfiguration.class)
@ConditionalOnClass({NodeToolClient.class, NodeToolMetrics.class, MeterRegistry.class})
@ConditionalOnProperty(name = "nodetool.metrics.enabled", havingValue = "true", matchIfMissing = true)
public class NodeToolMetricsAutoConfiguration {
    /** Creates the auto-configuration (Spring calls it). */
    public NodeToolMetricsAutoConfiguration() {}

    /**
     * @param meters the application's meter registry, if it has one
     * @param observations the application's observation registry, if it has one
     * @return the customizer that sets the client's event listener to a {@link NodeToolMetrics}
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public NodeToolClientCustomizer nodeToolMetricsCustomizer(
            ObjectProvider<MeterRegistry> meters, ObjectProvider<ObservationRegistry> observations) {
        return builder -> {
            MeterRegistry registry = meters.getIfUnique();
            if (registry == null) {
                return;
            }
            NodeToolMetrics.Builder metrics = NodeToolMetrics.builder(registry);
            ObservationRegistry observationRegistry = observations.getIfUnique();
            if (observationRegistry != null) {
                metrics.observationRegistry(observationRegistry);
            }
            builder.eventListener(metrics.build());
        };
    }
}
