package ai.nodetool.client.workflows;

import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.streaming.JobStream;
import ai.nodetool.client.streaming.StreamOptions;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The Worker API ({@code {workerUrl}/workflows}, protocol-notes §5.4). It exists on Gen A/B
 * deployments only; a Gen C server answers 404. Obtain it from {@code NodeToolClient.worker()}.
 * Thread-safe.
 */
public interface WorkerService {
    /**
     * A view of this service whose calls apply {@code options} over the client's defaults (see
     * {@code WorkflowsService.withOptions}); it shares the client's connection pool, threads and
     * lifecycle.
     *
     * @param options per-call options: deadline, headers, token, retry limit, another server
     * @return the view ({@code this} when {@code options} sets nothing)
     */
    WorkerService withOptions(ai.nodetool.client.core.RequestOptions options);

    /** @return the worker's workflows ({@code GET /workflows}) */
    WorkflowPage list();

    /**
     * Runs a workflow on the worker ({@code POST /workflows/{id}/run}, body = the params object
     * itself). Never retried.
     *
     * @param id workflow id
     * @param params input values keyed by input-node name
     * @return the outputs ({@code {"results":…}} normalised); status COMPLETED
     * @throws ai.nodetool.client.errors.JobFailedException when the worker reports the job failed (it
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

    /**
     * Runs a workflow on the worker as a stream of its messages ({@code POST
     * {workerUrl}/workflows/{id}/run/stream}, body = the params object; server-sent events,
     * protocol-notes §5.4), with the client's stream defaults. Cold: the request is sent when the
     * stream is subscribed. The worker forwards {@code job_update} and {@code output_update} only;
     * a failed run ends with {@code onError(JobFailedException)}, as the blocking {@link #run}
     * throws it (there from the worker's HTTP 500). See {@link JobStream}.
     *
     * @param id workflow id
     * @param params input values keyed by input-node name; null for none
     * @return the stream of the run's messages
     * @throws IllegalStateException if the client is closed
     */
    default JobStream stream(String id, Map<String, ?> params) {
        return stream(id, params, StreamOptions.defaults());
    }

    /**
     * {@link #stream(String, Map)} with per-call options (idle timeout, event size limit).
     *
     * @param id workflow id
     * @param params input values; null for none
     * @param options options overriding the client's stream defaults
     * @return the stream of the run's messages
     * @throws IllegalStateException if the client is closed
     */
    JobStream stream(String id, Map<String, ?> params, StreamOptions options);
}
