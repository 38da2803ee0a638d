package ai.nodetool.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.testing.NodeToolClients;
import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.BothGenerations;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15, a thousand jobs: 1,000 concurrent jobs on one session all complete with their own
 * correct result (none lost, duplicated or swapped), every {@code updates()} stream ends exactly
 * once, and the session does not start a thread per command or per job.
 */
@ExtendWith(NodeToolClients.class)
class ThousandJobsServerTest {
    private static final int JOBS = 1_000;

    @BothGenerations
    void aThousandConcurrentJobsOnOneSessionAllCompleteCorrectly(NodeToolTestServer server, NodeToolClient client)
            throws Exception {
        try (JobSession session = client.connect()) {
            int threadsBefore = Thread.activeCount();
            int peakThreads = threadsBefore;
            List<JobHandle> jobs = new ArrayList<>(JOBS);
            AtomicInteger terminals = new AtomicInteger();
            AtomicInteger errors = new AtomicInteger();
            CountDownLatch ended = new CountDownLatch(JOBS);
            for (int i = 0; i < JOBS; i++) {
                JobHandle job = session.runJob(RunJobRequest.builder()
                        .workflowId(DemoWorkflowIds.SUM)
                        .param("a", i)
                        .param("b", 100_000)
                        .build());
                job.updates().subscribe(new Flow.Subscriber<JobMessage>() {
                    @Override
                    public void onSubscribe(Flow.Subscription s) {
                        s.request(Long.MAX_VALUE);
                    }

                    @Override
                    public void onNext(JobMessage item) {}

                    @Override
                    public void onError(Throwable t) {
                        errors.incrementAndGet();
                        terminals.incrementAndGet();
                        ended.countDown();
                    }

                    @Override
                    public void onComplete() {
                        terminals.incrementAndGet();
                        ended.countDown();
                    }
                });
                jobs.add(job);
                peakThreads = Math.max(peakThreads, Thread.activeCount());
            }
            CompletableFuture.allOf(jobs.stream().map(JobHandle::result).toArray(CompletableFuture[]::new))
                    .get(120, TimeUnit.SECONDS);
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < JOBS; i++) {
                RunResult r = jobs.get(i).result().get();
                assertThat(((Number) r.output("sum")).longValue())
                        .as("job %d", i)
                        .isEqualTo(i + 100_000L);
                ids.add(jobs.get(i).jobId());
            }
            assertThat(ids).hasSize(JOBS);
            assertThat(ended.await(30, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(200);
            assertThat(terminals.get()).isEqualTo(JOBS);
            assertThat(errors.get()).isZero();
            // no thread per command or job: a thousand in flight cost a bounded handful at most
            assertThat(peakThreads - threadsBefore).isLessThan(50);
        }
    }
}
