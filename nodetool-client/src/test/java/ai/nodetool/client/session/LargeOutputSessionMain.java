package ai.nodetool.client.session;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.RunResult;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Run in a JVM with a 128 MiB heap by {@link LargeOutputSessionMockTest}: one session, {@code rounds}
 * jobs whose output is a {@code size}-byte MessagePack {@code bin}, sent twice by the peer (an
 * {@code output_update} and the terminal update's result, as Gen C does). Odd rounds subscribe to
 * {@code updates()} with unbounded demand, even rounds only take {@code result()}. After each round,
 * and after the session is closed, it prints the heap used after a full GC; exit code 0 means every
 * round had the right bytes.
 */
public final class LargeOutputSessionMain {
    private LargeOutputSessionMain() {}

    static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    public static void main(String[] args) throws Exception {
        String http = args[0];
        String ws = args[1];
        int rounds = Integer.parseInt(args[2]);
        int size = Integer.parseInt(args[3]);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        StringBuilder heap = new StringBuilder();
        try (NodeToolClient client = NodeToolClient.builder()
                .baseUrl(http)
                .webSocketUrl(ws)
                .apiToken(null)
                .build()) {
            JobSession session = client.connect();
            for (int round = 0; round < rounds; round++) {
                JobHandle job = session.runJob(RunJobRequest.builder()
                        .workflowId("big")
                        .jobId("big-" + round)
                        .build());
                AtomicLong updates = new AtomicLong();
                CountDownLatch ended = new CountDownLatch(1);
                if (round % 2 == 1) {
                    job.updates().subscribe(new Flow.Subscriber<JobMessage>() {
                        @Override
                        public void onSubscribe(Flow.Subscription s) {
                            s.request(Long.MAX_VALUE);
                        }

                        @Override
                        public void onNext(JobMessage item) {
                            updates.incrementAndGet();
                        }

                        @Override
                        public void onError(Throwable t) {
                            System.out.println("FAIL: updates() failed: " + t);
                            System.exit(4);
                        }

                        @Override
                        public void onComplete() {
                            ended.countDown();
                        }
                    });
                } else {
                    ended.countDown();
                }
                RunResult result = job.result().get(60, TimeUnit.SECONDS);
                Object out = result.output("out");
                if (!(out instanceof byte[]) || ((byte[]) out).length != size || ((byte[]) out)[size - 1] != 7) {
                    System.out.println("FAIL: round " + round + " output " + (out == null ? null : out.getClass()));
                    System.exit(2);
                }
                if (!ended.await(30, TimeUnit.SECONDS) || (round % 2 == 1 && updates.get() != 2)) {
                    System.out.println("FAIL: round " + round + " updates " + updates.get());
                    System.exit(5);
                }
                result = null;
                out = null;
                job = null;
                heap.append(" round").append(round).append('=').append(usedAfterGc(memory) >> 20);
                System.out.println("round " + round + " done; heap MiB after GC:" + heap);
            }
            session.close();
            heap.append(" closed=").append(usedAfterGc(memory) >> 20);
        }
        System.out.println("heapMiB:" + heap);
        System.out.println("OK");
    }
}
