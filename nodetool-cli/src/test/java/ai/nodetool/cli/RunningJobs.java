package ai.nodetool.cli;

import ai.nodetool.client.messages.NodeProgress;
import ai.nodetool.client.session.JobHandle;
import ai.nodetool.client.session.JobSession;
import ai.nodetool.client.session.RunJobRequest;
import ai.nodetool.testserver.DemoWorkflowIds;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** For the tests that point the CLI at a job another connection started: such a job, already running. */
final class RunningJobs {
    private RunningJobs() {}

    /**
     * Starts the {@code slow} demo workflow on {@code session} and returns once its first progress update has
     * arrived (so the job is running on the server, not merely requested).
     */
    static JobHandle startSlow(JobSession session, int steps, int delayMs) throws Exception {
        JobHandle job = session.runJob(RunJobRequest.builder()
                .workflowId(DemoWorkflowIds.SLOW)
                .params(Map.of("steps", steps, "delay_ms", delayMs))
                .build());
        FirstMessage.of(job.updates(), NodeProgress.class).get(10, TimeUnit.SECONDS);
        return job;
    }
}
