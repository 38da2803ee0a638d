/**
 * The single {@link java.util.concurrent.Flow.Publisher} implementation that every streaming
 * transport feeds ({@link ai.nodetool.client.internal.flow.StreamPublisher}): pulled from a
 * blocking {@link ai.nodetool.client.internal.flow.Source} for HTTP streams, pushed into a bounded
 * buffer ({@link ai.nodetool.client.internal.flow.PushPublisher}) for WebSocket jobs. Internal:
 * not part of the public API.
 */
package ai.nodetool.client.internal.flow;
