package ai.nodetool.testserver;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.testserver.internal.engine.DemoWorkflows;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code --help} lists every demo workflow with its inputs and outputs, derived from the workflow
 * definitions, and the heavy workload flags; bad workload sizes are refused.
 */
class MainHelpTest {

    private static String[] run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {
            Integer.toString(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)
        };
    }

    @Test
    void helpListsEveryDemoWorkflowWithItsParameters() throws Exception {
        String help = run("--help")[1];
        for (ObjectNode workflow : DemoWorkflows.all()) {
            assertThat(help)
                    .contains("  " + workflow.path("id").asText() + " ")
                    .contains(workflow.path("name").asText() + ": "
                            + workflow.path("description").asText());
        }
        assertThat(help)
                .contains("inputs:  name (str, default \"World\")")
                .contains("outputs: greeting (any)")
                .contains("inputs:  a (int, default 2), b (int, default 3)")
                .contains("inputs:  none");
    }

    @Test
    void helpDocumentsTheHeavyWorkloadsAndTheirSizes() throws Exception {
        String help = run("--help")[1];
        assertThat(help)
                .contains("--heavy-workloads", "--firehose-count", "--firehose-payload-bytes")
                .contains("--progress-steps", "--binary-bytes")
                .contains(Workloads.FIREHOSE, Workloads.PROGRESS, Workloads.LARGE_BINARY)
                .contains(Long.toString(Workloads.DEFAULT_LARGE_BINARY_BYTES));
    }

    @Test
    void badWorkloadSizesAreRefused() throws Exception {
        assertThat(run("--firehose-count", "-1")[0]).isEqualTo("2");
        assertThat(run("--firehose-payload-bytes", "0")[0]).isEqualTo("2");
        assertThat(run("--progress-steps", "x")[0]).isEqualTo("2");
        assertThat(run("--binary-bytes", "-5")[2]).contains("--binary-bytes must not be negative");
    }
}
