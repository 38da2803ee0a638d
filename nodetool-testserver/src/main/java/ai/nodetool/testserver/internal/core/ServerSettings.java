package ai.nodetool.testserver.internal.core;

import java.time.Duration;

/**
 * Fixed configuration of one test server instance.
 *
 * @param dialect the server generation to play
 * @param token the static Bearer token required on HTTP and WebSocket upgrades, or null for none
 * @param pingInterval Gen C heartbeat period on {@code /ws} ({@link Duration#ZERO} = no pings)
 * @param detachGrace how long a Gen C job survives with no socket attached before it is cancelled
 * @param replayBufferEvents how many frames a detached Gen C job buffers for replay
 * @param replayRetention how long a finished Gen C job stays replayable
 * @param maxJobsPerConnection running jobs per connection before new ones queue (Gen C)
 */
public record ServerSettings(
        Dialect dialect,
        String token,
        Duration pingInterval,
        Duration detachGrace,
        int replayBufferEvents,
        Duration replayRetention,
        int maxJobsPerConnection) {

    public boolean authRequired() {
        return token != null;
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "ServerSettings[dialect=" + dialect.getClass().getSimpleName() + ", auth=" + (token != null)
                + ", pingInterval=" + pingInterval
                + ", detachGrace=" + detachGrace + ", replayBufferEvents=" + replayBufferEvents + ", replayRetention="
                + replayRetention + ", maxJobsPerConnection=" + maxJobsPerConnection + "]";
    }
}
