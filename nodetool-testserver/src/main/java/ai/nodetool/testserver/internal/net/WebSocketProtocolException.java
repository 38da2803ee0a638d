package ai.nodetool.testserver.internal.net;

/** The peer broke RFC 6455; {@link #closeCode()} is the status to fail the connection with. */
final class WebSocketProtocolException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int closeCode;

    WebSocketProtocolException(int closeCode, String message) {
        super(message);
        this.closeCode = closeCode;
    }

    int closeCode() {
        return closeCode;
    }
}
