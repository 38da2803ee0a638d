/**
 * Spring Boot auto-configuration for the NodeTool client (docs/spring-boot.md).
 *
 * <ul>
 *   <li>{@link ai.nodetool.spring.boot.NodeToolAutoConfiguration}: a {@code NodeToolClient} bean built from the
 *       {@code nodetool.*} properties ({@link ai.nodetool.spring.boot.NodeToolProperties}) and every
 *       {@link ai.nodetool.spring.boot.NodeToolClientCustomizer}, closed with the context; an application's own
 *       {@code NodeToolClient} bean replaces it.
 *   <li>{@link ai.nodetool.spring.boot.NodeToolHealthAutoConfiguration}: the Actuator health indicator
 *       {@code nodetool} ({@link ai.nodetool.spring.boot.NodeToolHealthIndicator}), when Actuator's health support
 *       is on the class path.
 *   <li>{@link ai.nodetool.spring.boot.NodeToolMetricsAutoConfiguration}: Micrometer meters and Observations of the
 *       client through {@code nodetool-client-micrometer}, when it and a {@code MeterRegistry} are present.
 * </ul>
 */
package ai.nodetool.spring.boot;
