package ai.nodetool.client.streaming;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.SingleSubscriberPublisherVerification;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import java.util.Map;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

/**
 * The Reactive Streams TCK against {@link JobStream} itself, over HTTP to the real test server:
 * a legacy (Gen A) server streams NDJSON from a firehose workflow registered per publisher, sized
 * so the stream carries exactly the requested number of messages ({@code job_update running},
 * {@code n - 2} log lines, the terminal {@code job_update}; the stream ends there). The failed
 * publisher is a stream whose HTTP call fails (404, unknown workflow).
 */
public class JobStreamTckTest extends SingleSubscriberPublisherVerification<JobMessage> {

    private static final AtomicInteger IDS = new AtomicInteger();

    private NodeToolTestServer legacy;
    private NodeToolTestServer current;
    private NodeToolClient legacyClient;
    private NodeToolClient currentClient;

    public JobStreamTckTest() {
        super(new TestEnvironment(5_000, 100));
    }

    @BeforeClass
    public void startServers() {
        legacy = NodeToolTestServer.builder().generation(Generation.LEGACY).start();
        current = NodeToolTestServer.builder().generation(Generation.CURRENT).start();
        legacyClient = NodeToolClient.builder().baseUrl(legacy.baseUrl()).build();
        currentClient = NodeToolClient.builder().baseUrl(current.baseUrl()).build();
    }

    @AfterClass
    public void stopServers() {
        legacyClient.close();
        currentClient.close();
        legacy.close();
        current.close();
    }

    @Override
    public Flow.Publisher<JobMessage> createFlowPublisher(long elements) {
        if (elements >= 2) {
            String id = legacy.registerFirehose("tck-" + IDS.incrementAndGet(), (int) (elements - 2), 16);
            return legacyClient.workflows().stream(id, Map.of());
        }
        if (elements == 1) {
            // Gen A always opens with `job_update running`, so its shortest stream has two messages.
            // Gen C ignores ?stream=true; its single answer is a one-message stream over the same API.
            return currentClient.workflows().stream(DemoWorkflowIds.GREETING, Map.of());
        }
        // A run has at least its terminal message: there is no empty JobStream. The TCK asks for 0
        // only where nothing is requested (rule 1.9's onSubscribe check) and in the optional
        // empty-stream rule, skipped below; a one-message stream serves the former.
        return currentClient.workflows().stream(DemoWorkflowIds.GREETING, Map.of());
    }

    @Override
    public Flow.Publisher<JobMessage> createFailedFlowPublisher() {
        return legacyClient.workflows().stream("no-such-workflow-" + IDS.incrementAndGet(), Map.of());
    }

    @Override
    public long maxElementsFromPublisher() {
        return Integer.MAX_VALUE; // the firehose's count is an int
    }

    @Override
    public void optional_spec105_emptyStreamMustTerminateBySignallingOnComplete() {
        notVerified("a run stream always carries its terminal job_update, so an empty JobStream does not exist");
    }
}
