package ai.nodetool.testserver;

import ai.nodetool.testserver.internal.engine.DemoWorkflows;
import ai.nodetool.testserver.internal.engine.SchemaDerivation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Stable ids of the demo workflows every test server preloads (unless
 * {@link NodeToolTestServer.Builder#demoWorkflows(boolean)} is false). Inputs are set through
 * {@code params} by the names given here; outputs are named as given.
 */
public final class DemoWorkflowIds {
    /** {@code name} (string, default "World") → output {@code greeting} = "Hello, &lt;name&gt;!". */
    public static final String GREETING = DemoWorkflows.GREETING;
    /** {@code a}, {@code b} (integers) → output {@code sum}. */
    public static final String SUM = DemoWorkflows.SUM;
    /** {@code width}, {@code height} (integers, default 64) → output {@code image}: a PNG image asset. */
    public static final String IMAGE = DemoWorkflows.IMAGE;
    /** {@code steps} (default 5), {@code delay_ms} (default 100) → {@code node_progress} per step, output {@code result}. */
    public static final String SLOW = DemoWorkflows.SLOW;
    /** {@code text} → one {@code chunk} per word and appended {@code output_update}s, output {@code text}. */
    public static final String TEXT_STREAM = DemoWorkflows.TEXT_STREAM;
    /** A node that always fails: the run ends {@code failed} with "Something went wrong". */
    public static final String FAIL = DemoWorkflows.FAIL;

    /**
     * {@code image}, an image reference → output {@code image}: the same PNG with every colour inverted. The
     * input is an asset reference: inline {@code data} (both generations), or on the current generation a
     * {@code uri}/{@code asset_id} of an upload ({@code /api/sdk/v1/assets/temporary} or {@code /api/assets}).
     */
    public static final String IMAGE_INVERT = DemoWorkflows.IMAGE_INVERT;
    /** {@code audio}, a WAV reference (inline or uploaded, as for {@link #IMAGE_INVERT}) → output {@code duration} in seconds. */
    public static final String AUDIO_DURATION = DemoWorkflows.AUDIO_DURATION;

    private DemoWorkflowIds() {}

    /**
     * The standalone server's {@code --help} list of the demo workflows, derived from their definitions
     * (the workflow interface of protocol-notes §4.6): per workflow its id, name and description, then
     * its inputs (type, default) and outputs.
     */
    static List<String> usage() {
        List<String> lines = new ArrayList<>();
        for (ObjectNode workflow : DemoWorkflows.all()) {
            String id = workflow.path("id").asText();
            lines.add(String.format(
                    java.util.Locale.ROOT,
                    "  %-15s %s: %s",
                    id,
                    workflow.path("name").asText(),
                    workflow.path("description").asText()));
            ObjectNode api = SchemaDerivation.interfaceV1(id, null, workflow.get("graph"));
            List<String> inputs = new ArrayList<>();
            for (JsonNode input : api.path("inputs")) {
                JsonNode value = input.get("default");
                inputs.add(
                        input.path("name").asText() + " (" + input.path("type").asText()
                                + (value == null || value.isNull() ? "" : ", default " + value) + ")");
            }
            List<String> outputs = new ArrayList<>();
            for (JsonNode output : api.path("outputs")) {
                outputs.add(output.path("name").asText() + " ("
                        + output.path("type").asText() + (output.path("stream").asBoolean() ? ", streamed" : "") + ")");
            }
            lines.add("                    inputs:  " + (inputs.isEmpty() ? "none" : String.join(", ", inputs)));
            lines.add("                    outputs: " + (outputs.isEmpty() ? "none" : String.join(", ", outputs)));
        }
        return lines;
    }
}
