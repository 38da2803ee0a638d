package ai.nodetool.spring.boot;

import ai.nodetool.client.NodeToolClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Builds the application's {@link NodeToolClient} from the {@code nodetool.*} properties, then lets every
 * {@link NodeToolClientCustomizer} bean adjust the builder. The client is closed when the context closes (its
 * sessions, threads and pooled connections are released). An application that declares its own
 * {@code NodeToolClient} bean gets that one instead, and no customizer runs.
 */
@AutoConfiguration
@ConditionalOnClass(NodeToolClient.class)
@EnableConfigurationProperties(NodeToolProperties.class)
public class NodeToolAutoConfiguration {
    /** Creates the auto-configuration (Spring calls it). */
    public NodeToolAutoConfiguration() {}

    /**
     * @param properties the bound {@code nodetool.*} properties
     * @param customizers the customizers, run in their order after the properties
     * @return the client
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public NodeToolClient nodeToolClient(
            NodeToolProperties properties, ObjectProvider<NodeToolClientCustomizer> customizers) {
        NodeToolClient.Builder builder = properties.applyTo(NodeToolClient.builder());
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }
}
