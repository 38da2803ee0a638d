/**
 * The single {@link java.util.concurrent.Flow.Publisher} implementation that every streaming
 * transport feeds ({@link ai.nodetool.client.internal.flow.StreamPublisher}): pulled from a
 * blocking {@link ai.nodetool.client.internal.flow.Source} for HTTP streams, pushed into a bounded
 * buffer ({@link ai.nodetool.client.internal.flow.PushPublisher}) for WebSocket jobs.
 *
 * <p><b>Internal: not part of the API.</b> Nothing here is covered by compatibility promises; it may
 * change or disappear in any release without notice. Do not use it from outside this module.
 */
package ai.nodetool.client.internal.flow;
