package ai.nodetool.client.internal.stream;

import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.streaming.JobStream;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * Lets the SDK's internals create {@link JobStream}s although its constructor is not public (the
 * JDK's "shared secrets" idiom): {@code JobStream} installs its factory here when its class is
 * initialised. Internal: applications must not call this.
 */
public final class JobStreamAccess {

    /** Creates a JobStream; implemented by JobStream itself. */
    @FunctionalInterface
    public interface Factory {
        /**
         * @param publisher the cold, single-subscriber publisher of the run's messages, whose
         *     terminal rule is {@code tracker}'s
         * @param result the run's final result, asked once the publisher completed normally
         * @param description what the stream reads, e.g. {@code POST /api/workflows/x/run?stream=true}
         * @return the stream
         */
        JobStream create(Flow.Publisher<JobMessage> publisher, Supplier<RunResult> result, String description);
    }

    private static volatile Factory factory;

    private JobStreamAccess() {}

    /**
     * Called once by {@link JobStream}'s static initialiser.
     *
     * @param f the factory
     */
    public static void install(Factory f) {
        if (factory == null) {
            factory = f;
        }
    }

    static JobStream create(Flow.Publisher<JobMessage> publisher, Supplier<RunResult> result, String description) {
        Factory f = factory;
        if (f == null) {
            try {
                Class.forName(JobStream.class.getName(), true, JobStream.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new AssertionError(e);
            }
            f = factory;
        }
        return f.create(publisher, result, description);
    }
}
