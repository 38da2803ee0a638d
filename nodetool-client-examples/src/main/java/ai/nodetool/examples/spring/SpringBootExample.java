package ai.nodetool.examples.spring;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.workflows.Workflow;
import ai.nodetool.examples.ExampleServer;
import ai.nodetool.spring.boot.NodeToolClientCustomizer;
import ai.nodetool.testserver.NodeToolTestServer;
import java.io.PrintStream;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application with the NodeTool starter. The starter builds the {@link NodeToolClient} bean from
 * {@code nodetool.base-url} and {@code nodetool.api-token}; this application only injects it, adds a header through a
 * {@link NodeToolClientCustomizer}, lists the workflows, runs one and prints the server's health.
 *
 * <p>Without {@code NODETOOL_API_URL} it starts the embedded test server and points {@code nodetool.base-url} at it;
 * with it, Spring Boot's own {@code --nodetool.base-url=...} (or {@code NODETOOL_BASE_URL}) works as well.
 *
 * <pre>
 * ./mvnw -q -B -ntp -Pdemo -pl nodetool-client-examples -am verify \
 *     -Dexec.mainClass=ai.nodetool.examples.spring.SpringBootExample -Dexec.args="Ada"
 * </pre>
 */
@SpringBootApplication
public class SpringBootExample {
    /**
     * @param args the name to greet (default {@code Ada}), then any Spring Boot arguments
     */
    public static void main(String[] args) {
        String url = System.getenv(ExampleServer.URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            run(System.out, Map.of("nodetool.base-url", url.trim()), args).close();
            return;
        }
        try (NodeToolTestServer embedded = NodeToolTestServer.start()) {
            System.out.println("Using the embedded NodeTool test server at " + embedded.baseUrl());
            run(System.out, Map.of("nodetool.base-url", embedded.baseUrl()), args)
                    .close();
        }
    }

    /**
     * Starts the application (no web server) and runs it.
     *
     * @param out where the application prints
     * @param properties default properties, e.g. {@code nodetool.base-url}
     * @param args the name to greet, then any Spring Boot arguments
     * @return the running context; close it to close the client
     */
    public static ConfigurableApplicationContext run(PrintStream out, Map<String, Object> properties, String... args) {
        SpringApplication app = new SpringApplication(SpringBootExample.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setBannerMode(org.springframework.boot.Banner.Mode.OFF);
        app.setLogStartupInfo(false);
        app.setDefaultProperties(Map.copyOf(properties));
        app.addInitializers(context -> context.getBeanFactory().registerSingleton("exampleOut", out));
        return app.run(args);
    }

    /** @return a customizer: every request of the auto-configured client names this application */
    @Bean
    NodeToolClientCustomizer applicationName() {
        return builder -> builder.header("X-Application", "spring-boot-example");
    }

    /**
     * @param client the auto-configured client
     * @param health the starter's health indicator, when Actuator's health support is present
     * @param out where to print
     * @return what runs once the application has started
     */
    @Bean
    ApplicationRunner greet(
            NodeToolClient client, ObjectProvider<HealthIndicator> health, ObjectProvider<PrintStream> out) {
        return arguments -> {
            PrintStream print = out.getIfAvailable(() -> System.out);
            String name = arguments.getNonOptionArgs().isEmpty()
                    ? "Ada"
                    : arguments.getNonOptionArgs().get(0);
            print.println("Client: " + client);
            for (Workflow w : client.workflows().listAll()) {
                print.println("  workflow " + w.id() + "  " + w.name());
            }
            RunResult result = client.workflows().run("greeting", Map.of("name", name));
            print.println("greeting -> " + result.output("greeting", String.class));
            health.orderedStream().forEach(indicator -> {
                Health h = indicator.health();
                print.println("health: " + h.getStatus() + " " + h.getDetails());
            });
        };
    }
}
