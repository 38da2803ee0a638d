package ai.nodetool.client.errors;

/**
 * A non-streamed response body was longer than the client's cap
 * ({@code ClientOptions.maxResponseBytes}, counted after decompression). The client read no more
 * than the cap and closed the connection.
 */
public class ResponseTooLargeException extends NodeToolProtocolException {
    private static final long serialVersionUID = 1L;

    private final long limit;

    /**
     * @param message what was too large, and where from
     * @param limit the cap in bytes
     */
    public ResponseTooLargeException(String message, long limit) {
        super(message, null);
        this.limit = limit;
    }

    /** @return the cap that was exceeded, in bytes */
    public long limit() {
        return limit;
    }
}
