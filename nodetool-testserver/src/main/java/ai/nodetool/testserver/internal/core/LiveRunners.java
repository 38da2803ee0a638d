package ai.nodetool.testserver.internal.core;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live runner ids of open {@code /ws} connections (protocol-notes §11.5): each connection gets a
 * random id, announced in its {@code sdk_execution_target} frame and dropped when the socket ends.
 * Preflight with {@code execution_target {kind:"runner"}} checks it here. Thread-safe.
 */
public final class LiveRunners {
    private final Set<String> live = ConcurrentHashMap.newKeySet();

    /** A fresh id for a connection that just opened. */
    public String register() {
        String id = UUID.randomUUID().toString();
        live.add(id);
        return id;
    }

    public void unregister(String id) {
        if (id != null) {
            live.remove(id);
        }
    }

    public boolean isLive(String id) {
        return id != null && live.contains(id);
    }
}
