/**
 * A Spring Boot application that uses {@code nodetool-spring-boot-starter}: the {@code NodeToolClient} bean comes
 * from {@code nodetool.*} properties, the health indicator reports the server. See docs/spring-boot.md.
 */
package ai.nodetool.examples.spring;
