package ai.nodetool.testserver.internal.engine;

import java.util.concurrent.CompletableFuture;

/** A running workflow. */
public interface Execution {
    String jobId();

    /** Asks the run to stop; it then ends with status {@code cancelled}. Idempotent. */
    void cancel();

    /** Completes after the last message was delivered to the listener. Never completes exceptionally. */
    CompletableFuture<RunOutcome> outcome();
}
