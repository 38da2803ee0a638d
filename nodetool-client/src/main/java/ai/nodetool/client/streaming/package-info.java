/**
 * Streamed runs: {@link ai.nodetool.client.streaming.JobStream}, the
 * {@link java.util.concurrent.Flow.Publisher} of one run's messages returned by
 * {@code workflows().stream(...)} and {@code worker().stream(...)}, and its per-call
 * {@link ai.nodetool.client.streaming.StreamOptions}. See docs/streaming.md.
 */
package ai.nodetool.client.streaming;
