/**
 * Observing a client: the {@link ai.nodetool.client.events.NodeToolEventListener} SPI, told of every HTTP call
 * and its retries, every streamed run and its messages, every WebSocket session and every job, and the small
 * value types it receives ({@link ai.nodetool.client.events.CallInfo}, {@link ai.nodetool.client.events.RetryInfo},
 * {@link ai.nodetool.client.events.RunInfo}, {@link ai.nodetool.client.events.SessionInfo}).
 *
 * <p>One listener per client ({@code NodeToolClient.Builder.eventListener}); {@link
 * ai.nodetool.client.events.NodeToolEventListener#NONE} by default, in which case the SDK skips every hook. The
 * optional module {@code nodetool-client-micrometer} turns the events into Micrometer meters and Observations.
 * docs/production.md describes both.
 */
package ai.nodetool.client.events;
