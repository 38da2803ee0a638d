package ai.nodetool.client.workflows;

import ai.nodetool.client.messages.RunResult;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The Worker API ({@code {workerUrl}/workflows}, PROTOCOL.md §3). It exists on Gen A/B
 * deployments only; a Gen C server answers 404. Obtain it from {@code NodeToolClient.worker()}.
 * Thread-safe.
 */
public interface WorkerService {
    /** @return the worker's workflows ({@code GET /workflows}) */
    WorkflowPage list();

    /**
     * Runs a workflow on the worker ({@code POST /workflows/{id}/run}, body = the params object
     * itself). Never retried.
     *
     * @param id workflow id
     * @param params input values keyed by input-node name
     * @return the outputs ({@code {"results":…}} normalised); status COMPLETED
     * @throws ai.nodetool.client.JobFailedException when the worker reports the job failed (it
     *     answers 500 {@code {"detail":…}}; the {@code InternalServerException} is the cause)
     */
    RunResult run(String id, Map<String, ?> params);

    /**
     * Asynchronous {@link #run(String, Map)}; {@code cancel(true)} aborts the HTTP call.
     *
     * @param id workflow id
     * @param params input values
     * @return the future result
     */
    CompletableFuture<RunResult> runAsync(String id, Map<String, ?> params);
}
