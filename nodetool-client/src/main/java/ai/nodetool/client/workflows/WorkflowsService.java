package ai.nodetool.client.workflows;

import ai.nodetool.client.core.RequestOptions;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.streaming.JobStream;
import ai.nodetool.client.streaming.StreamOptions;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The Editor API ({@code {baseUrl}/api/workflows}, protocol-notes §4–§5). Obtain it from
 * {@code NodeToolClient.workflows()}. Thread-safe.
 *
 * <p>All methods throw {@link ai.nodetool.client.errors.NodeToolException} subclasses: an HTTP status
 * class ({@code NotFoundException}, {@code AuthenticationException}, ...),
 * {@code NodeToolIOException}/{@code NodeToolTimeoutException} for network failures, or
 * {@code NodeToolProtocolException} for unusable responses. Reads, updates and deletes are
 * retried on transient failures; creates and runs never are.
 */
public interface WorkflowsService {
    /**
     * A view of this service whose calls apply {@code options} over the client's defaults (and over
     * the options of this view, if it is one): a deadline, extra headers, another token, another
     * retry limit, or another server altogether ({@link RequestOptions#baseUrl()}). The view shares
     * the client's connection pool, threads and lifecycle; creating one per call is cheap. Runs
     * with local media in their params upload it through the view's server and token.
     *
     * <pre>{@code
     * Workflow w = client.workflows()
     *         .withOptions(RequestOptions.builder().timeout(Duration.ofSeconds(5)).build())
     *         .get(id);
     * }</pre>
     *
     * @param options per-call options
     * @return the view ({@code this} when {@code options} sets nothing)
     */
    WorkflowsService withOptions(RequestOptions options);

    /**
     * A view of this service whose one-answer calls return their value with the response's status,
     * headers and request id, from the same request.
     *
     * <pre>{@code
     * RawResponse<Workflow> r = client.workflows().withRawResponse().get(id);
     * log.info("got {} (request {})", r.value().name(), r.requestId().orElse("-"));
     * }</pre>
     *
     * @return the raw view, with this service's options
     */
    RawWorkflowsService withRawResponse();

    /** @return the first page of the caller's workflows */
    WorkflowPage list();

    /**
     * @param params limit, cursor, run mode, columns
     * @return one page
     */
    WorkflowPage list(ListWorkflowsParams params);

    /** @return every workflow, fetched lazily page by page (see {@link AutoPager}) */
    AutoPager<Workflow> listAll();

    /**
     * @param params the first page's query (its limit applies to every page)
     * @return every workflow from that query, fetched lazily
     */
    AutoPager<Workflow> listAll(ListWorkflowsParams params);

    /**
     * @param id workflow id
     * @return the workflow
     * @throws ai.nodetool.client.errors.NotFoundException if it does not exist or is not visible
     */
    Workflow get(String id);

    /**
     * Creates a workflow ({@code POST}, not retried).
     *
     * @param request name and graph at least
     * @return the created workflow with its server-assigned id
     */
    Workflow create(WorkflowRequest request);

    /**
     * Saves a workflow ({@code PUT}; the server upserts an unknown id). With
     * {@link WorkflowRequest.Builder#expectedUpdatedAt(String)} the update is optimistic.
     *
     * @param id workflow id
     * @param request the fields to save
     * @return the saved workflow
     * @throws ai.nodetool.client.errors.ConflictException if it changed since {@code expectedUpdatedAt}
     */
    Workflow update(String id, WorkflowRequest request);

    /**
     * Deletes a workflow (Gen A answers 200 {@code null}, Gen C 204; both succeed).
     *
     * @param id workflow id
     * @throws ai.nodetool.client.errors.NotFoundException if it does not exist
     */
    void delete(String id);

    /** @return public workflows (no auth needed) */
    WorkflowPage listPublic();

    /**
     * @param id workflow id
     * @return a public workflow
     */
    Workflow getPublic(String id);

    /** @return the shipped examples (metadata only: graphs are empty) */
    WorkflowPage examples();

    /**
     * Gen C's graph-derived I/O description ({@code /interface?version=1}).
     *
     * @param id workflow id
     * @return the interface
     * @throws ai.nodetool.client.errors.NotFoundException on Gen A/B servers, or for an unknown id
     */
    WorkflowInterface interfaceOf(String id);

    /**
     * Runs a workflow and waits for its outputs ({@code POST /api/workflows/{id}/run} with
     * {@code {"params":…}}). Never retried.
     *
     * @param id workflow id
     * @param params input values keyed by input-node name; Jackson-serialisable values
     * @return the outputs; status is always COMPLETED
     * @throws ai.nodetool.client.errors.JobFailedException if the run failed: Gen C's HTTP 200
     *     {@code status:"failed"}, or a legacy server's 500 {@code {"detail": error}} (then the
     *     {@code InternalServerException} is the cause)
     * @throws ai.nodetool.client.errors.JobCancelledException if the run was cancelled
     * @throws ai.nodetool.client.errors.NodeToolProtocolException if the server answered {@code {}}:
     *     legacy releases before v0.6.3-rc27 answer so for every run, failed ones included, so the
     *     outcome is unknown; the run is not sent again (use {@link #stream} on such a server)
     */
    RunResult run(String id, Map<String, ?> params);

    /**
     * Asynchronous {@link #run(String, Map)}. {@code cancel(true)} on the future aborts the HTTP
     * call (the server may still finish the job). The future completes on the client's callback
     * executor, exceptionally with the same exceptions {@code run} throws.
     *
     * @param id workflow id
     * @param params input values
     * @return the future result
     */
    CompletableFuture<RunResult> runAsync(String id, Map<String, ?> params);

    /**
     * Runs a workflow as a stream of its messages ({@code POST /api/workflows/{id}/run?stream=true}
     * with {@code {"params":…}}, NDJSON; protocol-notes §5.3), with the client's stream defaults.
     * The returned stream is cold: the request is sent when it is subscribed (or when
     * {@link JobStream#result()}/{@link JobStream#await()} is called). A Gen C server ignores
     * {@code ?stream=true} and answers once at the end (protocol-notes §5.1); the stream then carries the
     * equivalent messages (an {@code error} message if the run failed, and the terminal
     * {@code job_update} with the outputs). Never retried. See {@link JobStream} for every way
     * the stream ends.
     *
     * @param id workflow id
     * @param params input values keyed by input-node name; Jackson-serialisable values; null for none
     * @return the stream of the run's messages
     * @throws IllegalStateException if the client is closed
     */
    default JobStream stream(String id, Map<String, ?> params) {
        return stream(id, params, StreamOptions.defaults());
    }

    /**
     * {@link #stream(String, Map)} with per-call options (idle timeout, line limit).
     *
     * @param id workflow id
     * @param params input values; null for none
     * @param options options overriding the client's stream defaults
     * @return the stream of the run's messages
     * @throws IllegalStateException if the client is closed
     */
    JobStream stream(String id, Map<String, ?> params, StreamOptions options);
}
