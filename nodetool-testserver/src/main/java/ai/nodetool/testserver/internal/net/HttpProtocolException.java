package ai.nodetool.testserver.internal.net;

/**
 * A request the server refuses before any handler sees it; carries the status to answer with.
 * The connection is always closed afterwards, because the rest of the byte stream cannot be trusted.
 */
final class HttpProtocolException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    HttpProtocolException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
