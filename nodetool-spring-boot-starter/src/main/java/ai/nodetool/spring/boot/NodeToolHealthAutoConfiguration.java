package ai.nodetool.spring.boot;

import ai.nodetool.client.NodeToolClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The Actuator health indicator {@code nodetool} ({@link NodeToolHealthIndicator}) for the application's
 * {@link NodeToolClient}, auto-configured or its own. Present when Actuator's health support is on the class path
 * (Spring Boot 4's {@code spring-boot-health}, which {@code spring-boot-starter-actuator} brings); switched off with
 * {@code management.health.nodetool.enabled=false}; replaced by a bean named {@code nodetoolHealthIndicator}.
 */
@AutoConfiguration(after = NodeToolAutoConfiguration.class)
@ConditionalOnClass({NodeToolClient.class, HealthIndicator.class})
@ConditionalOnBean(NodeToolClient.class)
@ConditionalOnEnabledHealthIndicator("nodetool")
public class NodeToolHealthAutoConfiguration {
    /** Creates the auto-configuration (Spring calls it). */
    public NodeToolHealthAutoConfiguration() {}

    /**
     * @param client the application's client
     * @param properties the {@code nodetool.*} properties (for {@code nodetool.health.timeout})
     * @return the indicator, named so that Actuator reports it as {@code nodetool}
     */
    @Bean
    @ConditionalOnMissingBean(name = "nodetoolHealthIndicator")
    public NodeToolHealthIndicator nodetoolHealthIndicator(NodeToolClient client, NodeToolProperties properties) {
        return new NodeToolHealthIndicator(client, properties.getHealth().getTimeout());
    }
}
