package ai.nodetool.client.errors;

import java.util.OptionalLong;

/**
 * The server sent data the client cannot use: malformed JSON, a wrong content type, an HTML
 * page where JSON was expected, an empty or truncated body, a malformed NDJSON line, SSE event
 * or WebSocket frame, or a payload over a size limit. The message says what was wrong.
 */
public class NodeToolProtocolException extends NodeToolException {
    private static final long serialVersionUID = 1L;

    private final long lineNumber;

    /**
     * @param message what was wrong
     */
    public NodeToolProtocolException(String message) {
        this(message, null);
    }

    /**
     * @param message what was wrong
     * @param cause the parser exception, may be null
     */
    public NodeToolProtocolException(String message, Throwable cause) {
        this(message, cause, -1);
    }

    /**
     * @param message what was wrong
     * @param cause the parser exception, may be null
     * @param lineNumber 1-based line of a line-oriented stream (NDJSON), or a negative value if
     *     not applicable
     */
    public NodeToolProtocolException(String message, Throwable cause, long lineNumber) {
        super(message, cause);
        this.lineNumber = lineNumber;
    }

    /** @return the 1-based line number of the offending NDJSON line, if the error came from one */
    public OptionalLong lineNumber() {
        return lineNumber > 0 ? OptionalLong.of(lineNumber) : OptionalLong.empty();
    }
}
