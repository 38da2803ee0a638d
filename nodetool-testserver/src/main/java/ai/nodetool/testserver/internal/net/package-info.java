/**
 * A small HTTP/1.1 server with WebSocket upgrade on one port: connections, request parsing,
 * chunked streaming and RFC 6455 framing. Knows nothing of NodeTool.
 *
 * <p><b>Internal: not part of the API.</b> Nothing here is covered by compatibility promises; it may
 * change or disappear in any release without notice. Do not use it from outside this module.
 */
package ai.nodetool.testserver.internal.net;
