/**
 * Internal: the SDK v1 discovery and preflight calls, the job records, and the probe that tells which
 * server generation and routes the client talks to. May change without notice; not part of the API.
 */
package ai.nodetool.client.internal.discovery;
