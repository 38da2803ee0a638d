package ai.nodetool.testserver.internal.engine;

import static ai.nodetool.testserver.internal.engine.EngineHarness.json;
import static ai.nodetool.testserver.internal.engine.EngineHarness.run;
import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.testserver.internal.engine.EngineHarness.Finished;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DemoWorkflowsTest {
    private final WorkflowEngine engine = new WorkflowEngine();

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void demosHaveStableIdsAndStorableMetadata() {
        assertThat(DemoWorkflows.all())
                .extracting(w -> w.get("id").asText())
                .containsExactly(
                        "greeting", "sum", "image", "slow", "text-stream", "fail", "image-invert", "audio-duration");
        for (ObjectNode w : DemoWorkflows.all()) {
            assertThat(w.get("access").asText()).isEqualTo("public");
            assertThat(w.get("name").asText()).isNotEmpty();
            assertThat(w.get("description").isTextual()).isTrue();
            assertThat(w.get("tags").isArray()).isTrue();
            assertThat(w.get("created_at").asText()).startsWith("2026-");
            assertThat(w.get("graph").get("nodes").isArray()).isTrue();
            assertThat(w.get("graph").get("edges").isArray()).isTrue();
        }
        // Fresh copies: a caller's change never leaks into the next call.
        DemoWorkflows.greeting().put("name", "changed");
        assertThat(DemoWorkflows.get(DemoWorkflows.GREETING)
                        .orElseThrow()
                        .get("name")
                        .asText())
                .isEqualTo("Greeting");
        assertThat(DemoWorkflows.get("nope")).isEmpty();
    }

    @Test
    void greetingRunsWithDefaultsInProtocolOrder() throws Exception {
        Finished f = run(engine, DemoWorkflows.greeting(), null);

        assertThat(f.outcome().status()).isEqualTo("completed");
        assertThat(f.outcome().error()).isNull();
        assertThat(f.outcome().outputs()).isEqualTo(Map.of("greeting", List.of(TextNode.valueOf("Hello, World!"))));
        assertThat(f.outcome().lastByName()).isEqualTo(Map.of("greeting", TextNode.valueOf("Hello, World!")));
        assertThat(f.outcome().outputsByKernelName())
                .isEqualTo(Map.of("Output", List.of(TextNode.valueOf("Hello, World!"))));
        assertThat(f.summary())
                .containsExactly(
                        "node_update:name_input:running",
                        "edge_update:e1:active",
                        "edge_update:e1:completed",
                        "node_update:name_input:completed",
                        "node_update:format:running",
                        "edge_update:e2:active",
                        "edge_update:e2:completed",
                        "node_update:format:completed",
                        "node_update:greeting_output:running",
                        "output_update:greeting",
                        "node_update:greeting_output:completed");

        ObjectNode output = f.ofType("output_update").get(0);
        assertThat(output)
                .isEqualTo(json("{'type':'output_update','node_id':'greeting_output','node_name':'Output',"
                        + "'output_name':'greeting','value':'Hello, World!','output_type':'any','metadata':{}}"));
        List<ObjectNode> updates = f.ofType("node_update");
        assertThat(updates.get(0))
                .isEqualTo(json("{'type':'node_update','node_id':'name_input',"
                        + "'node_name':'String Input','node_type':'nodetool.input.StringInput','status':'running'}"));
        assertThat(updates.get(1).has("result"))
                .as("input nodes carry no result")
                .isFalse();
        assertThat(updates.get(3).get("result")).isEqualTo(json("{'output':'Hello, World!'}"));
        assertThat(updates.get(3).get("node_name").asText()).isEqualTo("Format Text");
        for (ObjectNode m : f.messages()) {
            assertThat(m.has("type")).isTrue();
            assertThat(m.has("job_id")).isFalse();
            assertThat(m.has("workflow_id")).isFalse();
        }
    }

    @Test
    void greetingParamsOverrideTheDefault() throws Exception {
        Finished f = run(engine, DemoWorkflows.greeting(), json("{'name':'Ada'}"));
        assertThat(f.outcome().outputs().get("greeting")).containsExactly(TextNode.valueOf("Hello, Ada!"));
    }

    @Test
    void sumAddsDefaultsAndCoercesStringParams() throws Exception {
        assertThat(run(engine, DemoWorkflows.sum(), null).outcome().outputs())
                .isEqualTo(Map.of("sum", List.of(IntNode.valueOf(5))));

        // Gen A clients send numbers as strings.
        Finished f = run(engine, DemoWorkflows.sum(), json("{'a':'10','b':-4}"));
        assertThat(f.outcome().outputs().get("sum")).containsExactly(IntNode.valueOf(6));
        assertThat(f.ofType("node_update").stream()
                        .filter(m -> m.get("node_id").asText().equals("add")
                                && m.get("status").asText().equals("completed")))
                .singleElement()
                .satisfies(m -> assertThat(m.get("result")).isEqualTo(json("{'output':6}")));
    }

    @Test
    void aParamThatIsNoIntegerFailsTheInputNode() throws Exception {
        Finished f = run(engine, DemoWorkflows.sum(), json("{'a':'ten'}"));
        assertThat(f.outcome().status()).isEqualTo("failed");
        assertThat(f.outcome().error()).contains("'a'").contains("ten");
        assertThat(f.summary()).endsWith("node_update:a_input:error", "error");
    }

    @Test
    void imageIsARealPngOfTheRequestedSize() throws Exception {
        Finished f = run(engine, DemoWorkflows.image(), json("{'width':'40','height':24}"));

        assertThat(f.outcome().status()).isEqualTo("completed");
        JsonNode ref = f.outcome().outputs().get("image").get(0);
        assertThat(ref.get("type").asText()).isEqualTo("image");
        assertThat(ref.get("uri").asText()).isEmpty();
        assertThat(ref.get("asset_id").isNull()).isTrue();
        assertThat(ref.get("metadata").isNull()).isTrue();
        assertThat(ref.get("data").isBinary()).isTrue();
        BufferedImage image =
                ImageIO.read(new ByteArrayInputStream(ref.get("data").binaryValue()));
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(40);
        assertThat(image.getHeight()).isEqualTo(24);
        ObjectNode output = f.ofType("output_update").get(0);
        assertThat(output.get("output_type").asText()).isEqualTo("image");
        assertThat(output.get("node_name").asText()).isEqualTo("Image Output");
        assertThat(f.outcome().outputsByKernelName()).containsOnlyKeys("Image Output");

        BufferedImage defaults = ImageIO.read(new ByteArrayInputStream(run(engine, DemoWorkflows.image(), null)
                .outcome()
                .outputs()
                .get("image")
                .get(0)
                .get("data")
                .binaryValue()));
        assertThat(defaults.getWidth()).isEqualTo(64);
        assertThat(defaults.getHeight()).isEqualTo(64);
    }

    @Test
    void slowReportsOneProgressPerStep() throws Exception {
        Finished f = run(engine, DemoWorkflows.slow(), json("{'steps':4,'delay_ms':'1'}"));

        assertThat(f.outcome().status()).isEqualTo("completed");
        assertThat(f.outcome().outputs().get("result")).containsExactly(IntNode.valueOf(4));
        assertThat(f.summary())
                .containsSubsequence(
                        "node_update:slow:running",
                        "node_progress:1/4",
                        "node_progress:2/4",
                        "node_progress:3/4",
                        "node_progress:4/4",
                        "edge_update:e3:active",
                        "edge_update:e3:completed",
                        "node_update:slow:completed");
        assertThat(f.ofType("node_progress"))
                .hasSize(4)
                .allSatisfy(m -> assertThat(m.get("node_id").asText()).isEqualTo("slow"));
    }

    @Test
    void textStreamEmitsChunksAndAppendsOutputs() throws Exception {
        Finished f = run(engine, DemoWorkflows.textStream(), json("{'text':'one two  three'}"));

        assertThat(f.outcome().status()).isEqualTo("completed");
        assertThat(f.summary())
                .containsSubsequence(
                        "node_update:stream:running",
                        "chunk:one ",
                        "chunk:two  ",
                        "chunk:three",
                        "chunk::done",
                        "node_update:stream:completed",
                        "node_update:text_output:running",
                        "output_update:text",
                        "output_update:text",
                        "output_update:text",
                        "node_update:text_output:completed");
        assertThat(f.ofType("chunk")).allSatisfy(c -> {
            assertThat(c.get("node_id").asText()).isEqualTo("stream");
            assertThat(c.get("content_type").asText()).isEqualTo("text");
        });
        assertThat(f.ofType("chunk").stream().filter(c -> c.get("done").asBoolean()))
                .hasSize(1);
        assertThat(f.ofType("output_update"))
                .allSatisfy(u -> assertThat(u.get("disposition").asText()).isEqualTo("append"));
        List<JsonNode> values = f.outcome().outputs().get("text");
        assertThat(values).extracting(JsonNode::asText).containsExactly("one ", "two  ", "three");
        assertThat(values.stream().map(JsonNode::asText).collect(Collectors.joining()))
                .isEqualTo("one two  three");
        assertThat(f.outcome().lastByName().get("text").asText()).isEqualTo("three");
    }

    @Test
    void failEndsTheRunWithTheNodesError() throws Exception {
        Finished f = run(engine, DemoWorkflows.fail(), null);

        assertThat(f.outcome().status()).isEqualTo("failed");
        assertThat(f.outcome().error()).isEqualTo("Something went wrong");
        assertThat(f.outcome().outputs()).isEmpty();
        assertThat(f.summary()).containsExactly("node_update:fail:running", "node_update:fail:error", "error");
        assertThat(f.messages().get(1).get("error").asText()).isEqualTo("Something went wrong");
        assertThat(f.messages().get(2)).isEqualTo(json("{'type':'error','message':'Something went wrong'}"));
    }
}
