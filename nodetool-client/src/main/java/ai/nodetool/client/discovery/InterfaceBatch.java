package ai.nodetool.client.discovery;

import ai.nodetool.client.workflows.WorkflowInterface;
import java.util.List;
import java.util.Optional;

/**
 * The answer of {@code POST /api/sdk/v1/workflow-interfaces} (protocol-notes §11.6): the interfaces of the ids
 * that succeeded and one error per id that did not. One bad id does not fail the batch.
 *
 * @param interfaces the interfaces found
 * @param errors the ids that failed, with why
 */
public record InterfaceBatch(List<WorkflowInterface> interfaces, List<Error> errors) {

    /**
     * One id of the batch that failed.
     *
     * @param workflowId the id
     * @param code {@code workflow_not_found} or {@code invalid_graph}
     * @param message the server's text
     */
    public record Error(String workflowId, String code, String message) {}

    /**
     * @param workflowId an id of the batch
     * @return its interface, when it succeeded
     */
    public Optional<WorkflowInterface> interfaceOf(String workflowId) {
        return interfaces.stream()
                .filter(i -> workflowId.equals(i.workflowId()))
                .findFirst();
    }

    /**
     * @param workflowId an id of the batch
     * @return its error, when it failed
     */
    public Optional<Error> errorOf(String workflowId) {
        return errors.stream().filter(e -> workflowId.equals(e.workflowId())).findFirst();
    }
}
