package ai.nodetool.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.testing.NodeToolClients;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.RecordedCommand;
import ai.nodetool.testserver.junit.BothGenerations;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@code run_job} command carries every kind of parameter value the user gives as Jackson would
 * write it (issue 15 builds the common kinds' trees directly instead of through {@code
 * valueToTree}): strings, booleans, ints, longs, doubles, nulls, nested maps and lists, JSON trees,
 * and the kinds that still go through Jackson (floats, big decimals, byte arrays, maps with
 * non-string keys), in the order given.
 */
@ExtendWith(NodeToolClients.class)
class RunJobParamsServerTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();

    @BothGenerations
    void everyKindOfParameterValueArrivesAsJacksonWritesIt(NodeToolTestServer server, NodeToolClient client)
            throws Exception {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("z", 1);
        nested.put("a", Arrays.asList("x", null, 2L, false, List.of(1.25)));
        nested.put("none", null);
        Map<Integer, String> intKeys = new LinkedHashMap<>();
        intKeys.put(7, "seven");
        List<Object> mixed = new ArrayList<>(List.of("s", 3));
        mixed.add(2.5f);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("name", "Ada");
        params.put("text", "ü ✓");
        params.put("yes", true);
        params.put("int", -42);
        params.put("long", 1L << 40);
        params.put("double", 0.1);
        params.put("nothing", null);
        params.put("nested", nested);
        params.put("tree", JACKSON.readTree("{\"k\":[1,{\"d\":null}]}"));
        params.put("float", 1.5f);
        params.put("decimal", new BigDecimal("12.75"));
        params.put("bytes", new byte[] {1, 2, 3});
        params.put("intKeys", intKeys);
        params.put("mixed", mixed);
        params.put("empty", Map.of());
        params.put("emptyList", List.of());
        try (JobSession session = client.connect()) {
            JobHandle job = session.runJob(RunJobRequest.builder()
                    .workflowId("greeting")
                    .params(params)
                    .extra("concurrent", true)
                    .build());
            job.result().get(10, TimeUnit.SECONDS);
        }
        RecordedCommand run = server.commands().stream()
                .filter(c -> "run_job".equals(c.command()))
                .findFirst()
                .orElseThrow();
        JsonNode sent = run.data().get("params");
        JsonNode expected = JACKSON.valueToTree(params);
        assertThat(fieldNames(sent)).containsExactlyElementsOf(fieldNames(expected));
        for (String name : fieldNames(expected)) {
            if (name.equals("bytes")) {
                assertThat(sent.get(name).binaryValue()).containsExactly(1, 2, 3);
            } else {
                assertThat(sent.get(name).equals(RunJobParamsServerTest::sameValue, expected.get(name)))
                        .as("%s: sent %s, expected %s", name, sent.get(name), expected.get(name))
                        .isTrue();
            }
        }
        assertThat(fieldNames(sent.get("nested"))).containsExactly("z", "a", "none");
        assertThat(run.data().get("concurrent").asBoolean()).isTrue();
    }

    /** Numbers by value (MessagePack writes small longs as small ints), everything else exactly. */
    private static int sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1;
        }
        return a.equals(b) ? 0 : 1;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
