package ai.nodetool.client.discovery;

import ai.nodetool.client.workflows.WorkflowInterface;
import java.util.List;

/**
 * The SDK v1 discovery and preflight routes of current servers (protocol-notes §11.4–§11.7). Obtain it from
 * {@code NodeToolClient.discovery()}. Thread-safe.
 *
 * <p>Errors: the SDK v1 envelope {@code {"code","message","retryable"}} becomes the HTTP status class of
 * {@code ai.nodetool.client.errors} with {@code errorCode()} and {@code retryable()} readable; a server without
 * the route (a legacy server, an older current one) gives
 * {@link ai.nodetool.client.errors.UnsupportedByServerException}.
 */
public interface DiscoveryService {
    /**
     * A view of this service whose calls apply {@code options} over the client's defaults (see
     * {@code WorkflowsService.withOptions}); it shares the client's connection pool, threads and
     * lifecycle.
     *
     * @param options per-call options: deadline, headers, token, retry limit, another server
     * @return the view ({@code this} when {@code options} sets nothing)
     */
    DiscoveryService withOptions(ai.nodetool.client.core.RequestOptions options);

    /**
     * @return the server's capabilities ({@code GET /api/sdk/v1/capabilities}); asked once per client, then
     *     remembered
     */
    Capabilities capabilities();

    /** @return the first page of the caller's workflow summaries (the server's default page size) */
    WorkflowSummaryPage workflowSummaries();

    /**
     * @param limit 1 to 100, or null for the server's default (50)
     * @param cursor the {@code next} of the previous page, or null for the first
     * @return one page
     */
    WorkflowSummaryPage workflowSummaries(Integer limit, String cursor);

    /**
     * One workflow's interface: the P8 path {@code /api/sdk/v1/workflows/{id}/interface}, falling back to the
     * P0 path {@code /api/workflows/{id}/interface} when the first is missing (protocol-notes §11.6).
     *
     * @param workflowId the workflow
     * @return its interface
     * @throws ai.nodetool.client.errors.NotFoundException for an unknown workflow
     */
    WorkflowInterface interfaceOf(String workflowId);

    /**
     * Several interfaces in one request ({@code POST /api/sdk/v1/workflow-interfaces}).
     *
     * @param workflowIds 1 to 100 distinct ids
     * @return the interfaces found and one error per id that failed
     */
    InterfaceBatch interfacesOf(String... workflowIds);

    /**
     * @param workflowIds 1 to 100 distinct ids
     * @return the interfaces found and one error per id that failed
     */
    InterfaceBatch interfacesOf(List<String> workflowIds);

    /**
     * @param cursor the offset to start at (the previous page's {@code nextCursor}), or null for 0
     * @param limit 1 to 100, or null for the server's default
     * @return one page of the node-type inventory
     */
    NodeTypePage nodeTypes(Long cursor, Integer limit);

    /**
     * Checks a run without starting it ({@code POST /api/sdk/v1/preflight}).
     *
     * @param request what to check
     * @return the verdict
     */
    PreflightResult preflight(PreflightRequest request);
}
