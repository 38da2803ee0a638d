package ai.nodetool.client.errors;

/**
 * A slow subscriber, not a protocol error: the server sent nothing wrong. A push-fed stream (a WebSocket job's updates) received more messages than its buffer holds
 * while the subscriber was not requesting them. WebSocket reads cannot be paused, so instead of
 * growing without bound the stream fails with this exception; see the publisher's overflow
 * policy. Request more (or use a larger buffer) to avoid it.
 */
public class StreamOverflowException extends NodeToolException {
    private static final long serialVersionUID = 1L;

    private final int capacity;

    /**
     * @param message what overflowed
     * @param capacity the buffer capacity that was exceeded
     */
    public StreamOverflowException(String message, int capacity) {
        super(message);
        this.capacity = capacity;
    }

    /**
     * @return the number of undelivered messages the buffer could hold
     */
    public int capacity() {
        return capacity;
    }
}
