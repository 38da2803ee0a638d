package ai.nodetool.client.core;

import java.time.Duration;

/**
 * Waits between retry attempts. The default is {@link Thread#sleep}; tests inject one that records the
 * delays instead of sleeping (see {@code NodeToolClient.Builder#sleeper}).
 *
 * <p>It has a file of its own, outside the client class, so that the internal HTTP layer can use it without
 * importing the public entry point that in turn builds the HTTP layer.
 */
@FunctionalInterface
public interface Sleeper {
    /**
     * Waits.
     *
     * @param delay how long to wait, positive
     * @throws InterruptedException if interrupted (the call then fails)
     */
    void sleep(Duration delay) throws InterruptedException;
}
