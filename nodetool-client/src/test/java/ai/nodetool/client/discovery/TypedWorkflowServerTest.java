package ai.nodetool.client.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.InvalidInputException;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.testing.NodeToolClients;
import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.BothGenerations;
import ai.nodetool.testserver.junit.OneGeneration;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code client.workflow(id)} binds records to a workflow's interface: the SDK v1 interface on the current
 * side, the {@code input_schema} on the legacy side. Inputs that do not fit fail before the run is sent.
 */
@ExtendWith(NodeToolClients.class)
class TypedWorkflowServerTest {
    record GreetingIn(String name) {}

    record GreetingOut(String greeting) {}

    record WrongType(Integer name) {}

    record Unknown(String name, String mood) {}

    @OneGeneration(Generation.CURRENT)
    void recordsBindToInputsAndOutputs(NodeToolClient client) {
        GreetingOut out = client.workflow(DemoWorkflowIds.GREETING).run(new GreetingIn("Ada"), GreetingOut.class);

        assertThat(out.greeting()).isEqualTo("Hello, Ada!");
    }

    @OneGeneration(Generation.LEGACY)
    void aLegacyWorkflowIsCheckedAgainstItsInputSchema(NodeToolClient client) {
        RunResult result = client.workflow(DemoWorkflowIds.GREETING).run(new GreetingIn("Ada"));

        assertThat(result.outputs().values().iterator().next()).containsExactly("Hello, Ada!");
    }

    @BothGenerations
    void aWrongTypeOrAnUnknownInputFailsBeforeTheRun(NodeToolTestServer server, NodeToolClient client) {
        assertThatThrownBy(() -> client.workflow(DemoWorkflowIds.GREETING).run(new WrongType(7)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.inputName()).isEqualTo("name");
                    assertThat(e.getMessage()).contains("'name'").contains("Integer");
                });
        assertThatThrownBy(() -> client.workflow(DemoWorkflowIds.GREETING).run(new Unknown("Ada", "happy")))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.inputName()).isEqualTo("mood"));
        assertThat(server.requests()).noneMatch(r -> r.path().endsWith("/run"));
    }
}
