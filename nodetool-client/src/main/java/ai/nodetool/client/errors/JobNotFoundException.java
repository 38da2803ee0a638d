package ai.nodetool.client.errors;

import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.messages.RunResult;
import java.util.Map;

/**
 * The server no longer knows a job that this client still followed: its run was lost with the
 * connection, its replay retention expired, or a legacy server dropped it (protocol-notes §9.1,
 * §7.2). The job's outcome cannot be learned any more; {@link #jobId()} names it. A
 * {@code JobHandle} ends with this error instead of waiting forever.
 * It is a {@link JobFailedException} (the run did not complete for this client), so code that
 * handles failed jobs handles it too; {@link #error()} is the server's text.
 */
public class JobNotFoundException extends JobFailedException {
    private static final long serialVersionUID = 1L;

    private final String serverText;

    /**
     * @param jobId the job the server does not know
     * @param message the description
     * @param serverText what the server said (scrubbed of the token), or null
     */
    public JobNotFoundException(String jobId, String message, String serverText) {
        super(message, jobId, serverText, RunResult.of(JobStatus.FAILED, jobId, Map.of(), serverText, null));
        this.serverText = serverText;
    }

    /** @return the server's words (a reply or a job update), or null */
    public String serverText() {
        return serverText;
    }
}
