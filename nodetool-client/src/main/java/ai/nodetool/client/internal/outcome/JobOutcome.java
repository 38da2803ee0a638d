package ai.nodetool.client.internal.outcome;

import ai.nodetool.client.errors.JobCancelledException;
import ai.nodetool.client.errors.JobFailedException;
import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.messages.RunResult;

/**
 * The one rule, shared by every transport, for turning a finished job into a return value or an
 * exception: completed returns, failed/error/timed_out become {@link JobFailedException}, cancelled
 * becomes {@link JobCancelledException}, anything else was not a final answer. Knows nothing of HTTP,
 * streams or sessions, so each of them can depend on it without depending on each other. Stateless.
 */
public final class JobOutcome {
    private JobOutcome() {}

    /**
     * The verdict as a value, for callers that hand the failure on instead of throwing it (a job
     * publisher ends with it, a result future fails with it).
     *
     * @param result a normalised result
     * @return null when its status is COMPLETED, else the exception that describes the failure
     */
    public static RuntimeException failureOf(RunResult result) {
        JobStatus status = result.status();
        if (JobStatus.COMPLETED.equals(status)) {
            return null;
        }
        // result.error() is the server's text, already scrubbed of the token by the transport
        // (the session's JobState, the blocking run's result mapping, ErrorMapper for HTTP errors).
        if (status.isFailure()) {
            return new JobFailedException(result.jobId(), result.error(), result);
        }
        if (JobStatus.CANCELLED.equals(status)) {
            return new JobCancelledException(result.jobId(), result);
        }
        return new NodeToolProtocolException("Run answered with non-final status '" + status.value() + "'"
                + (result.jobId() == null ? "" : " for job " + result.jobId()));
    }

    /**
     * @param result a normalised result
     * @return the same result when its status is COMPLETED
     * @throws JobFailedException for failed, error, timed_out
     * @throws JobCancelledException for cancelled
     * @throws NodeToolProtocolException for a non-terminal status where a final answer was due
     */
    public static RunResult requireCompleted(RunResult result) {
        RuntimeException failure = failureOf(result);
        if (failure != null) {
            throw failure;
        }
        return result;
    }
}
