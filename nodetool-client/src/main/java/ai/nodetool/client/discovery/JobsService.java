package ai.nodetool.client.discovery;

/**
 * Stored job records over REST ({@code /api/jobs}, protocol-notes §11.10). Legacy servers (Gen A/B) serve them;
 * current servers (Gen C) keep jobs behind tRPC only, so every call there throws
 * {@link ai.nodetool.client.errors.UnsupportedByServerException}. Obtain it from {@code NodeToolClient.jobs()}.
 */
public interface JobsService {
    /**
     * A view of this service whose calls apply {@code options} over the client's defaults (see
     * {@code WorkflowsService.withOptions}); it shares the client's connection pool, threads and
     * lifecycle.
     *
     * @param options per-call options: deadline, headers, token, retry limit, another server
     * @return the view ({@code this} when {@code options} sets nothing)
     */
    JobsService withOptions(ai.nodetool.client.core.RequestOptions options);

    /** @return the first page of the caller's jobs */
    JobRecordPage list();

    /**
     * @param startKey the {@code next_start_key} of the previous page, or null for the first
     * @return one page
     */
    JobRecordPage list(String startKey);

    /**
     * @param jobId a job id
     * @return the record
     * @throws ai.nodetool.client.errors.NotFoundException for an unknown job
     */
    JobRecord get(String jobId);
}
