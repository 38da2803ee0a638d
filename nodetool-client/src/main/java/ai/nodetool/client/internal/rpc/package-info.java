/**
 * Internal: the WebSocket RPC commands (protocol-notes §7.5), correlated by {@code request_id}. May change
 * without notice; not part of the API.
 */
package ai.nodetool.client.internal.rpc;
