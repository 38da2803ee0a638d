package ai.nodetool.client.session;

import java.util.Locale;

/**
 * The encoding the server uses for the frames it sends on a session (protocol-notes §6.2). The
 * server starts every connection in {@link #BINARY}; only {@link JobSession#setMode} changes it.
 * The client decodes each frame by its frame type whatever the mode, so the mode only matters for
 * bandwidth and for how media arrive (protocol-notes §10.2).
 */
public enum Mode {
    /** MessagePack binary frames (the default). */
    BINARY,
    /** JSON text frames. */
    TEXT;

    /** @return the wire spelling, {@code "binary"} or {@code "text"} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
