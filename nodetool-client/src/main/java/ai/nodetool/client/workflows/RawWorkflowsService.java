package ai.nodetool.client.workflows;

import ai.nodetool.client.core.RawResponse;
import ai.nodetool.client.messages.RunResult;
import java.util.Map;

/**
 * The calls of {@link WorkflowsService} that answer once, each returning its parsed value together
 * with the response's status, headers and request id ({@link RawResponse}). Obtain it with
 * {@code client.workflows().withRawResponse()} (after {@code withOptions(...)}, if you want both).
 * The value is parsed from the same response: no second request is made. Failures throw the same
 * exceptions as the plain calls ({@code NodeToolHttpException} carries the status and body of a
 * failed response). Streamed runs have no raw form: their messages are the response. Thread-safe.
 */
public interface RawWorkflowsService {
    /** @return as {@link WorkflowsService#list()} */
    RawResponse<WorkflowPage> list();

    /**
     * @param params as for {@link WorkflowsService#list(ListWorkflowsParams)}
     * @return that page with its response
     */
    RawResponse<WorkflowPage> list(ListWorkflowsParams params);

    /**
     * @param id workflow id
     * @return as {@link WorkflowsService#get(String)}
     */
    RawResponse<Workflow> get(String id);

    /**
     * @param request as for {@link WorkflowsService#create(WorkflowRequest)}
     * @return the created workflow with its response
     */
    RawResponse<Workflow> create(WorkflowRequest request);

    /**
     * @param id workflow id
     * @param request as for {@link WorkflowsService#update(String, WorkflowRequest)}
     * @return the saved workflow with its response
     */
    RawResponse<Workflow> update(String id, WorkflowRequest request);

    /**
     * @param id workflow id
     * @return the response of {@link WorkflowsService#delete(String)} (value null; Gen A answers 200, Gen C 204)
     */
    RawResponse<Void> delete(String id);

    /** @return as {@link WorkflowsService#listPublic()} */
    RawResponse<WorkflowPage> listPublic();

    /**
     * @param id workflow id
     * @return as {@link WorkflowsService#getPublic(String)}
     */
    RawResponse<Workflow> getPublic(String id);

    /** @return as {@link WorkflowsService#examples()} */
    RawResponse<WorkflowPage> examples();

    /**
     * @param id workflow id
     * @return as {@link WorkflowsService#interfaceOf(String)}
     */
    RawResponse<WorkflowInterface> interfaceOf(String id);

    /**
     * A blocking run, as {@link WorkflowsService#run(String, Map)}; only a completed run returns.
     *
     * @param id workflow id
     * @param params input values
     * @return the outputs with the run response
     */
    RawResponse<RunResult> run(String id, Map<String, ?> params);
}
