package ai.nodetool.client.errors;

/**
 * A timeout. {@link #kind()} tells which limit expired, so callers can treat a server that is
 * unreachable ({@link Kind#CONNECT}) differently from one that is slow to answer
 * ({@link Kind#READ}).
 */
public class NodeToolTimeoutException extends NodeToolIOException {
    private static final long serialVersionUID = 1L;

    /** Which limit expired. */
    public enum Kind {
        /** The TCP/TLS connection could not be established in time. */
        CONNECT,
        /** The server sent no bytes for longer than the read timeout. */
        READ,
        /** The request body could not be written in time. */
        WRITE,
        /** An overall call deadline expired. */
        CALL,
        /** A stream or session saw no activity for longer than its idle timeout. */
        IDLE
    }

    private final Kind kind;

    /**
     * @param kind which limit expired, never null
     * @param message description of the failure
     * @param cause the underlying exception, may be null
     */
    public NodeToolTimeoutException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = java.util.Objects.requireNonNull(kind, "kind");
    }

    /** @return which limit expired, never null */
    public Kind kind() {
        return kind;
    }
}
