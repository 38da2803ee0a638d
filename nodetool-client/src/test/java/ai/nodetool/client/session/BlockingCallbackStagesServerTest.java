package ai.nodetool.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.testing.NodeToolClients;
import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.BothGenerations;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The session hands its future completions to the callback executor in batches (issue 15: fewer
 * thread wake-ups per job). A user stage that blocks on another future of the same session must
 * still never hold up the completion it waits for: here every job's acceptance stage blocks on that
 * job's own result (and the last stages on the results of other jobs), which a session that ran its
 * completions one after another on one pump would never complete.
 */
@ExtendWith(NodeToolClients.class)
class BlockingCallbackStagesServerTest {
    private static final int JOBS = 100;

    @BothGenerations
    void stagesThatBlockOnOtherCompletionsOfTheSessionDoNotStallIt(NodeToolTestServer server, NodeToolClient client)
            throws Exception {
        try (JobSession session = client.connect()) {
            List<CompletableFuture<Long>> sums = new ArrayList<>(JOBS);
            List<CompletableFuture<JobHandle>> handles = new ArrayList<>(JOBS);
            for (int i = 0; i < JOBS; i++) {
                CompletableFuture<JobHandle> handle = session.runJobAsync(RunJobRequest.builder()
                        .workflowId(DemoWorkflowIds.SUM)
                        .param("a", i)
                        .param("b", 1)
                        .build());
                handles.add(handle);
                // blocks a callback thread until the job's result has been completed by another one
                sums.add(handle.thenApply(h -> ((Number) h.result().join().output("sum")).longValue()));
            }
            // stages that block on results of jobs started after them
            List<CompletableFuture<Long>> crossed = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                CompletableFuture<JobHandle> later = handles.get(JOBS - 1 - i);
                crossed.add(handles.get(i).thenApply(h -> {
                    RunResult other = later.join().result().join();
                    return ((Number) other.output("sum")).longValue();
                }));
            }
            CompletableFuture.allOf(sums.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            CompletableFuture.allOf(crossed.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            for (int i = 0; i < JOBS; i++) {
                assertThat(sums.get(i).get()).as("job %d", i).isEqualTo(i + 1L);
            }
            for (int i = 0; i < 10; i++) {
                assertThat(crossed.get(i).get()).as("crossed %d", i).isEqualTo(JOBS - i);
            }
        }
    }
}
