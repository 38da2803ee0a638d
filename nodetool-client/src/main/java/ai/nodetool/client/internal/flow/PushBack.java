package ai.nodetool.client.internal.flow;

import java.util.function.BooleanSupplier;

/**
 * How a push-back {@link PushPublisher} waits (see {@link StreamPublisher#pushBack}).
 *
 * @param unsubscribedBytes while nobody has subscribed, the most bytes (by the weights given to
 *     {@link PushPublisher#offer(Object, long)}) buffered before the stream fails with
 *     {@link ai.nodetool.client.errors.StreamOverflowException}; nobody may ever subscribe (a job
 *     whose caller only wants its result), so the producer never waits for a subscriber that may
 *     not come, and a large payload is not kept a second time for nobody
 * @param stopWaiting polled while the producer waits for room (at least every
 *     {@link PushPublisher#WAIT_SLICE_MILLIS} ms): once it returns true the waiting offer gives up
 *     and returns {@code false} (e.g. the WebSocket session is closing); {@code null} for never
 * @param deliverOnProducer whether an offer may deliver on the producer's thread when nobody is
 *     draining (no thread hop per item; see {@link StreamPublisher#signalHere()})
 */
public record PushBack(long unsubscribedBytes, BooleanSupplier stopWaiting, boolean deliverOnProducer) {
    /** Validates the arguments. */
    public PushBack {
        if (unsubscribedBytes < 0) {
            throw new IllegalArgumentException("unsubscribedBytes must not be negative: " + unsubscribedBytes);
        }
    }
}
