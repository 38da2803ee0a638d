package ai.nodetool.client.internal.workflows;

import ai.nodetool.client.JobCancelledException;
import ai.nodetool.client.JobFailedException;
import ai.nodetool.client.NodeToolProtocolException;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.messages.RunResult;

/**
 * The one rule, shared by every transport, for turning a finished job into a return value or an
 * exception (CLIENT-API.md "Failed runs"): completed returns, failed/error/timed_out throw
 * {@link JobFailedException}, cancelled throws {@link JobCancelledException}.
 */
public final class RunOutcome {
    private RunOutcome() {}

    /**
     * @param result a normalised result
     * @return the same result when its status is COMPLETED
     * @throws JobFailedException for failed, error, timed_out
     * @throws JobCancelledException for cancelled
     * @throws NodeToolProtocolException for a non-terminal status where a final answer was due
     */
    public static RunResult requireCompleted(RunResult result) {
        JobStatus status = result.status();
        if (JobStatus.COMPLETED.equals(status)) {
            return result;
        }
        if (status.isFailure()) {
            throw new JobFailedException(result.jobId(), result.error(), result);
        }
        if (JobStatus.CANCELLED.equals(status)) {
            throw new JobCancelledException(result.jobId(), result);
        }
        throw new NodeToolProtocolException("Run answered with non-final status '" + status.value()
                + "'" + (result.jobId() == null ? "" : " for job " + result.jobId()));
    }
}
