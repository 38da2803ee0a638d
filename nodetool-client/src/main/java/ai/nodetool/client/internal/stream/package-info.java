/**
 * HTTP streamed runs behind {@link ai.nodetool.client.streaming.JobStream}: its implementation
 * {@link ai.nodetool.client.internal.stream.DefaultJobStream}, the opener that makes
 * the call and picks the decoder (NDJSON, SSE, or Gen C's single JSON answer), and the
 * {@link ai.nodetool.client.internal.stream.RunTracker} that decides what ends a stream and builds
 * its result. Internal: not part of the API.
 */
package ai.nodetool.client.internal.stream;
