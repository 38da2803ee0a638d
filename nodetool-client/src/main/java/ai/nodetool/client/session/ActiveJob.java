package ai.nodetool.client.session;

import ai.nodetool.client.messages.JobStatus;
import java.util.Objects;

/**
 * One entry of {@link JobSession#getStatus()}: a job the server runs for this connection.
 *
 * @param jobId the job id, never null
 * @param workflowId the workflow id, or null
 * @param status the job's status
 */
public record ActiveJob(String jobId, String workflowId, JobStatus status) {
    /**
     * Validates the components.
     *
     * @param jobId the job id, not null
     * @param workflowId the workflow id, or null
     * @param status the job's status, not null
     * @throws NullPointerException if {@code jobId} or {@code status} is null
     */
    public ActiveJob {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(status, "status");
    }
}
