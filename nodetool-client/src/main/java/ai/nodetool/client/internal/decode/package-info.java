/**
 * One decoder per wire format, independent of HTTP and sockets:
 * {@link ai.nodetool.client.internal.decode.NdjsonDecoder} (protocol-notes §5.3) and
 * {@link ai.nodetool.client.internal.decode.SseDecoder} (protocol-notes §5.4) read an
 * {@link java.io.InputStream} with a bounded buffer and are
 * {@link ai.nodetool.client.internal.flow.Source}s the stream publisher can pull from;
 * {@link ai.nodetool.client.internal.decode.MessagePackFrameDecoder} and
 * {@link ai.nodetool.client.internal.decode.JsonFrameDecoder} turn one WebSocket frame each
 * (protocol-notes §6.2).
 *
 * <p><b>Internal: not part of the API.</b> Nothing here is covered by compatibility promises; it may
 * change or disappear in any release without notice. Do not use it from outside this module.
 */
package ai.nodetool.client.internal.decode;
