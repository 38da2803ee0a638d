package ai.nodetool.client.session;

/**
 * What a {@link JobSession} does when a subscriber of {@link JobHandle#updates()} (or of
 * {@link JobSession#messages()}) falls {@link SessionOptions#jobBufferSize()} messages behind the
 * socket. A WebSocket has no per-job flow control: all jobs of a session share one socket, so the
 * choice is between slowing the whole socket and failing the slow stream. See docs/websocket.md.
 */
public enum OverflowPolicy {
    /**
     * The default: the socket's reader stops reading until the slow subscriber requests more, so
     * TCP slows the server down and no message is lost or fails. The price is head-of-line
     * blocking: every other job of the session (and command replies, and server pings) waits too,
     * until the slow subscriber catches up, cancels, or the session or job ends. A subscriber whose
     * demand keeps up never waits and never overflows.
     */
    PUSH_BACK,
    /**
     * The fail-fast opt-in (the behaviour before push-back existed): the socket is never held; a
     * subscriber that falls a full buffer behind receives
     * {@link ai.nodetool.client.errors.StreamOverflowException} (its buffered messages are
     * discarded), and the other jobs, the session and {@link JobHandle#result()} go on unaffected.
     */
    FAIL_FAST
}
