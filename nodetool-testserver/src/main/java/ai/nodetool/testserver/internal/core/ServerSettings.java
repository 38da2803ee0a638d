package ai.nodetool.testserver.internal.core;

import java.time.Duration;

/**
 * Fixed configuration of one test server instance.
 *
 * @param dialect the server generation (and, for Gen A/B, release) to play
 * @param token the static Bearer token required on HTTP and WebSocket upgrades, or null for none
 * @param pingInterval Gen C heartbeat period on {@code /ws} ({@link Duration#ZERO} = no pings)
 * @param detachGrace how long a Gen C job survives with no socket attached before it is cancelled
 * @param replayBufferEvents how many frames a detached Gen C job buffers for replay
 * @param replayRetention how long a finished Gen C job stays replayable
 * @param maxConcurrentJobs Gen C {@code MAX_CONCURRENT_JOBS}: runs in flight per user (across sockets)
 *     before new ones queue
 * @param maxRunsPerWorkflow Gen C {@code MAX_CONCURRENT_RUNS_PER_WORKFLOW}: live runs of one workflow
 *     when the request says {@code concurrent:true} (else 1)
 * @param nodeErrorsFailJob Gen C: a node error ends the job {@code failed} (supervisor-era runner) rather
 *     than {@code completed} (older kernels)
 */
public record ServerSettings(
        Dialect dialect,
        String token,
        Duration pingInterval,
        Duration detachGrace,
        int replayBufferEvents,
        Duration replayRetention,
        int maxConcurrentJobs,
        int maxRunsPerWorkflow,
        boolean nodeErrorsFailJob) {

    public boolean authRequired() {
        return token != null;
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "ServerSettings[dialect=" + dialect + ", auth=" + (token != null)
                + ", pingInterval=" + pingInterval
                + ", detachGrace=" + detachGrace + ", replayBufferEvents=" + replayBufferEvents + ", replayRetention="
                + replayRetention + ", maxConcurrentJobs=" + maxConcurrentJobs + ", maxRunsPerWorkflow="
                + maxRunsPerWorkflow + ", nodeErrorsFailJob=" + nodeErrorsFailJob + "]";
    }
}
