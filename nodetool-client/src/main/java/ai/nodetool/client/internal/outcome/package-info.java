/**
 * How a finished job becomes a value or an exception, the same for blocking runs, HTTP streams and
 * WebSocket jobs. Depends only on the public message and error types. Internal: not part of the
 * public API.
 */
package ai.nodetool.client.internal.outcome;
