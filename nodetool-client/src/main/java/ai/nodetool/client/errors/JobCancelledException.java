package ai.nodetool.client.errors;

import ai.nodetool.client.messages.RunResult;

/** A job ended with status {@code cancelled}. */
public class JobCancelledException extends NodeToolException {
    private static final long serialVersionUID = 1L;

    private final String jobId;
    private final transient RunResult result;

    /**
     * @param jobId the job id, or null when unknown
     * @param result what the job produced before it was cancelled, may be null
     */
    public JobCancelledException(String jobId, RunResult result) {
        super("Job " + (jobId == null ? "(no id)" : jobId) + " was cancelled");
        this.jobId = jobId;
        this.result = result;
    }

    /**
     * @param jobId the job id, or null when unknown
     * @param result what the job produced before it was cancelled, may be null
     * @param reason how the SDK knows, when no terminal update said so (e.g. the legacy
     *     acknowledgement was final), or null
     */
    public JobCancelledException(String jobId, RunResult result, String reason) {
        super("Job " + (jobId == null ? "(no id)" : jobId) + " was cancelled"
                + (reason == null || reason.isEmpty() ? "" : " (" + reason + ")"));
        this.jobId = jobId;
        this.result = result;
    }

    /** @return the job id, or null */
    public String jobId() {
        return jobId;
    }

    /** @return the partial result, may be null */
    public RunResult result() {
        return result;
    }
}
