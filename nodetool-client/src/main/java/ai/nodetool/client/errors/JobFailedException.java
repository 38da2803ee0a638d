package ai.nodetool.client.errors;

import ai.nodetool.client.messages.RunResult;

/**
 * A job ended with status {@code failed}, {@code error} or {@code timed_out}. Blocking runs throw
 * it (also for Gen C's HTTP 200 answer with {@code status:"failed"}, protocol-notes §5.1), streams
 * end with it after delivering the failing messages.
 */
public class JobFailedException extends NodeToolException {
    private static final long serialVersionUID = 1L;

    private final String jobId;
    private final String error;
    private final transient RunResult result;

    /**
     * @param jobId the job id, or null when the server did not say
     * @param error the server's error text, or null
     * @param result what the job produced before failing (outputs may be empty), may be null
     */
    public JobFailedException(String jobId, String error, RunResult result) {
        super(describe(jobId, error));
        this.jobId = jobId;
        this.error = error;
        this.result = result;
    }

    /**
     * @param jobId the job id, or null when the server did not say
     * @param error the server's error text, or null
     * @param result what the job produced before failing, may be null
     * @param cause what reported the failure (e.g. the legacy server's HTTP 500), may be null
     */
    public JobFailedException(String jobId, String error, RunResult result, Throwable cause) {
        super(describe(jobId, error), cause);
        this.jobId = jobId;
        this.error = error;
        this.result = result;
    }

    /**
     * For subclasses that describe the failure themselves.
     *
     * @param message the full message
     * @param jobId the job id, or null
     * @param error the server's error text, or null
     * @param result the partial result, may be null
     */
    protected JobFailedException(String message, String jobId, String error, RunResult result) {
        super(message);
        this.jobId = jobId;
        this.error = error;
        this.result = result;
    }

    private static String describe(String jobId, String error) {
        return "Job " + (jobId == null ? "(no id)" : jobId) + " failed"
                + (error == null || error.isEmpty() ? "" : ": " + error);
    }

    /** @return the job id, or null when the server did not send one */
    public String jobId() {
        return jobId;
    }

    /** @return the server's error text, or null */
    public String error() {
        return error;
    }

    /** @return the partial result (status, outputs produced so far, raw payload), may be null */
    public RunResult result() {
        return result;
    }
}
