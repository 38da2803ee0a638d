package ai.nodetool.testserver.internal.core;

/** What fault injection needs from the WebSocket endpoint: act on every open socket now. */
public interface SocketControl {
    /** Sends a close frame with this code to every open socket. */
    void closeAll(int code, String reason);

    /** Drops every open socket without a close frame (socket loss). */
    void dropAll();

    /**
     * Simulates a server restart (protocol-notes §9.2): announce, close every socket with 1012,
     * and keep or lose the jobs as asked.
     */
    void restart(boolean keepJobs);
}
