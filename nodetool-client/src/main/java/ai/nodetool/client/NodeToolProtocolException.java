package ai.nodetool.client;

/**
 * The server sent data the client cannot accept: malformed JSON, a malformed NDJSON line or SSE
 * event, a wrong content type, a truncated body, an oversize line or frame. The message says
 * what was wrong and where.
 */
public class NodeToolProtocolException extends NodeToolException {

    private final long lineNumber;

    /**
     * @param message what was wrong with the server's data
     */
    public NodeToolProtocolException(String message) {
        this(message, -1, null);
    }

    /**
     * @param message what was wrong with the server's data
     * @param cause the parser's exception, may be {@code null}
     */
    public NodeToolProtocolException(String message, Throwable cause) {
        this(message, -1, cause);
    }

    /**
     * @param message what was wrong with the server's data
     * @param lineNumber the 1-based line of a line-oriented stream (NDJSON, SSE) where the problem
     *     was found, or {@code -1} when not applicable
     * @param cause the parser's exception, may be {@code null}
     */
    public NodeToolProtocolException(String message, long lineNumber, Throwable cause) {
        super(message, cause);
        this.lineNumber = lineNumber;
    }

    /**
     * @return the 1-based line number in a line-oriented stream (NDJSON, SSE) where the problem was
     *     found, or {@code -1} when the data is not line-oriented
     */
    public long lineNumber() {
        return lineNumber;
    }
}
