package ai.nodetool.client.internal.http;

import ai.nodetool.client.events.CallInfo;
import ai.nodetool.client.events.NodeToolEventListener;
import ai.nodetool.client.events.RetryInfo;
import java.io.IOException;
import java.time.Duration;

/**
 * The events of one observed HTTP call, carried as a request tag from {@link ObservingInterceptor} (which starts
 * and ends the call) to {@link RetryInterceptor} (which reports its retries).
 *
 * @param listener the guarded listener of the call
 * @param call the call
 */
record CallObservation(NodeToolEventListener listener, CallInfo call) {
    void retry(int attempt, Duration delay, int statusCode, IOException failure) {
        listener.retry(call, new RetryInfo(attempt, delay, statusCode, failure));
    }
}
