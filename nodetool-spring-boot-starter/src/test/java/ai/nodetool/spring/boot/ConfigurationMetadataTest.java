package ai.nodetool.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The IDE metadata that spring-boot-configuration-processor writes into the starter's jar: every {@code nodetool.*}
 * property is listed with its type and a description.
 */
class ConfigurationMetadataTest {
    @Test
    void everyPropertyIsDescribed() throws Exception {
        JsonNode ours = null;
        for (URL url : Collections.list(
                getClass().getClassLoader().getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                JsonNode json = new ObjectMapper().readTree(in);
                if (json.path("groups").findValuesAsText("name").contains("nodetool")) {
                    ours = json;
                }
            }
        }
        assertThat(ours).as("the starter's metadata").isNotNull();
        List<String> names = new ArrayList<>();
        for (JsonNode property : ours.path("properties")) {
            names.add(property.path("name").asText());
            assertThat(property.path("description").asText())
                    .as(property.path("name").asText())
                    .isNotBlank();
            assertThat(property.path("type").asText()).isNotBlank();
        }
        assertThat(names)
                .contains(
                        "nodetool.base-url",
                        "nodetool.worker-url",
                        "nodetool.web-socket-url",
                        "nodetool.api-token",
                        "nodetool.connect-timeout",
                        "nodetool.read-timeout",
                        "nodetool.write-timeout",
                        "nodetool.stream-idle-timeout",
                        "nodetool.max-retries",
                        "nodetool.headers",
                        "nodetool.health.timeout",
                        "nodetool.metrics.enabled");
    }
}
