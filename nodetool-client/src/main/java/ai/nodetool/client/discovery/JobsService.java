package ai.nodetool.client.discovery;

/**
 * Stored job records over REST ({@code /api/jobs}, protocol-notes §11.10). Legacy servers (Gen A/B) serve them;
 * current servers (Gen C) keep jobs behind tRPC only, so every call there throws
 * {@link ai.nodetool.client.errors.UnsupportedByServerException}. Obtain it from {@code NodeToolClient.jobs()}.
 */
public interface JobsService {
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
