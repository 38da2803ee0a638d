/**
 * The WebSocket job session: {@link ai.nodetool.client.session.JobSession} (from
 * {@code client.connect()}) runs many jobs over one socket, each seen through a
 * {@link ai.nodetool.client.session.JobHandle} with its own publisher and result. Also the
 * session's options and run request. See docs/websocket.md.
 */
package ai.nodetool.client.session;
