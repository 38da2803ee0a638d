/**
 * One decoder per streaming wire format, independent of HTTP and sockets:
 * {@link ai.nodetool.client.internal.decode.NdjsonDecoder} (PROTOCOL.md §2.5) and
 * {@link ai.nodetool.client.internal.decode.SseDecoder} (PROTOCOL.md §3). Each reads an
 * {@link java.io.InputStream} with a bounded buffer and is a
 * {@link ai.nodetool.client.internal.flow.Source} the stream publisher can pull from. Internal:
 * not part of the public API.
 */
package ai.nodetool.client.internal.decode;
