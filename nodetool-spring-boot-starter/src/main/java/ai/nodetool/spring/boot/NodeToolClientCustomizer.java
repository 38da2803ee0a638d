package ai.nodetool.spring.boot;

import ai.nodetool.client.NodeToolClient;

/**
 * A hook that adjusts the auto-configured client's builder after the {@code nodetool.*} properties were applied and
 * before the client is built: for settings that have no property (a token supplier, an executor, an own OkHttp client,
 * a clock). Declare it as a bean; several run in their {@link org.springframework.core.annotation.Order order}.
 *
 * <pre>{@code
 * @Bean
 * NodeToolClientCustomizer vaultToken(Vault vault) {
 *     return builder -> builder.tokenProvider(() -> vault.read("nodetool/token"));
 * }
 * }</pre>
 *
 * Not used when the application declares its own {@link NodeToolClient} bean.
 */
@FunctionalInterface
public interface NodeToolClientCustomizer {
    /** @param builder the builder of the client about to be built, with the properties applied */
    void customize(NodeToolClient.Builder builder);
}
